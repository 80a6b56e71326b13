import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/db.js';
import { type PoolAuthCodeRow, redeemPoolAuthCode } from '../../store/repos/pool-auth-codes.js';
import type { GrantWithUser } from '../../store/repos/pool-grant-reads.js';
import { insertPoolRefreshFamily } from '../../store/repos/pool-refresh-tokens.js';
import { InvalidGrant } from '../../oauth/errors.js';
import { type CodeDecision, codeRefusal, decideCodeRedemption } from '../../pools/code-policy.js';
import { verifyPkce } from '../../pools/pkce.js';
import type { RedeemCodeInput } from './pool-grant-inputs.js';
import { type ActiveUser, activeUserOf, mayGetTokens } from './pool-token-user.js';
import type { MintedTokens } from './pool-tokens.js';
import { newFamilyId, newRefreshFamily, newRefreshToken } from './refresh-rows.js';
import { type GroupPieceOutcome, refusedBeforeWriting, signedAside } from './group-piece.js';

export interface CodePiece {
  input: RedeemCodeInput;
  codeHash: string;
  /** The code, its person and their groups (groupRead). */
  read(tx: Db): Promise<GrantWithUser<PoolAuthCodeRow> | undefined>;
  now: number;
  /** Starts signing the tokens under the given access token id; throws at once when they cannot be made. */
  mint(user: ActiveUser, scopes: string[], row: PoolAuthCodeRow, jti: string): Promise<MintedTokens>;
}

/**
 * A replay's refusal carries what the caller revokes after the commit (RFC 6749 §10.5): what
 * the first redemption issued, or `raced` when another instance redeemed the code since the read.
 */
export interface CodeReplay {
  row: PoolAuthCodeRow;
  issued: Extract<CodeDecision, { outcome: 'reused' }> | 'raced';
}

export type CodeOutcome = GroupPieceOutcome<{ refreshToken: string }, { replay?: CodeReplay }>;

/**
 * One code redemption, decided and written inside its group's transaction as a refresh is
 * (refresh-rotation.ts): the code is spent and the refresh family begun in the same commit.
 */
export async function redeemCodeInGroup(tx: Db, piece: CodePiece): Promise<CodeOutcome> {
  const { pool, client } = piece.input;
  const { now, codeHash } = piece;
  let row: PoolAuthCodeRow;
  let minting: Promise<MintedTokens>;
  const jti = randomUUID();
  try {
    const found = await piece.read(tx);
    if (!found || found.row.pool_id !== pool.row.id) return { refused: codeRefusal({ outcome: 'unknown' }) };
    row = found.row;
    const decision = decideCodeRedemption(row, {
      now,
      clientId: client.clientId,
      redirectUri: piece.input.redirectUri,
    });
    if (decision.outcome === 'reused') {
      return { refused: codeRefusal(decision), replay: { row, issued: decision } };
    }
    if (decision.outcome !== 'ok') return { refused: codeRefusal(decision) };
    // The authorize endpoint already insists; checked again so a code row can never skip it.
    if ((client.public || client.settings.requirePkce) && row.code_challenge === null) {
      throw new InvalidGrant('this client must use PKCE; the authorization request had no code_challenge');
    }
    verifyPkce(
      { codeChallenge: row.code_challenge, codeChallengeMethod: row.code_challenge_method },
      piece.input.codeVerifier,
    );
    if (!mayGetTokens(found.user, row.auth_time)) {
      throw new InvalidGrant('the user is disabled or no longer exists');
    }
    const scopes = row.scope.split(' ').filter((s) => s !== '');
    minting = signedAside(piece.mint(activeUserOf(found.user, found.user.groups), scopes, row, jti));
  } catch (error) {
    return refusedBeforeWriting(error);
  }
  const familyId = newFamilyId(now);
  const refreshToken = newRefreshToken(familyId);
  if (!(await redeemPoolAuthCode(tx, codeHash, now, { familyId, accessJtis: [jti] }))) {
    return {
      refused: codeRefusal({ outcome: 'reused', familyId: null, accessJtis: [] }),
      replay: { row, issued: 'raced' },
    };
  }
  const { family, first } = newRefreshFamily(pool, client, familyId, refreshToken, row, now);
  await insertPoolRefreshFamily(tx, family, first);
  return { minting, refreshToken };
}

import type { Db } from '../../store/db.js';
import type { GrantWithUser } from '../../store/repos/pool-grant-reads.js';
import {
  consumePoolRefreshToken,
  insertPoolRefreshToken,
  type PoolRefreshTokenRow,
  touchPoolRefreshToken,
} from '../../store/repos/pool-refresh-tokens.js';
import { sha256Base64url } from '../../crypto/secrets.js';
import { decideRefresh, narrowScope, refreshRefusal } from '../../pools/refresh-policy.js';
import type { RefreshInput } from './pool-grant-inputs.js';
import { type ActiveUser, activeUserOf, mayGetTokens } from './pool-token-user.js';
import type { MintedTokens } from './pool-tokens.js';
import { newRefreshToken } from './refresh-rows.js';
import { type GroupPieceOutcome, refusedBeforeWriting, signedAside } from './group-piece.js';

export interface RefreshPiece {
  input: RefreshInput;
  /** The token, its family, its person and their groups (groupRead). */
  read(tx: Db): Promise<GrantWithUser<PoolRefreshTokenRow> | undefined>;
  now: number;
  idleSeconds: number;
  /** Starts signing the new tokens; throws at once when they cannot be made. */
  mint(user: ActiveUser, scopes: string[], row: PoolRefreshTokenRow): Promise<MintedTokens>;
}

/** What a refresh decided in its group: new tokens (and the next refresh token), or a refusal. */
export type RefreshOutcome = GroupPieceOutcome<{ refreshToken?: string }, { revokeFamily?: string }>;

/**
 * One refresh, decided and written inside its group's transaction (GroupCommit), and on SQLite
 * read there too (groupRead), where the read sees the writes of the group's earlier pieces. One
 * token twice in a group is reuse, as across groups: the read or the conditional write finds it
 * spent. Nothing is revoked here: the caller does that after the commit, on the refusal's word.
 */
export async function rotateRefreshToken(tx: Db, piece: RefreshPiece): Promise<RefreshOutcome> {
  const { pool, client } = piece.input;
  const { now } = piece;
  let row: PoolRefreshTokenRow;
  let idleExpiresAt: number;
  let minting: Promise<MintedTokens>;
  try {
    const found = await piece.read(tx);
    if (!found || found.row.pool_id !== pool.row.id) {
      return { refused: refreshRefusal({ outcome: 'unknown' }) };
    }
    row = found.row;
    const decision = decideRefresh(row, { now, clientId: client.clientId, idleSeconds: piece.idleSeconds });
    if (decision.outcome === 'reused') {
      return { refused: refreshRefusal(decision), revokeFamily: row.family_id };
    }
    if (decision.outcome !== 'ok') return { refused: refreshRefusal(decision) };
    const scopes = narrowScope(row.scope, piece.input.scope);
    if (!mayGetTokens(found.user, row.auth_time)) {
      return { refused: refreshRefusal({ outcome: 'user-inactive' }), revokeFamily: row.family_id };
    }
    idleExpiresAt = decision.idleExpiresAt;
    minting = signedAside(piece.mint(activeUserOf(found.user, found.user.groups), scopes, row));
  } catch (error) {
    return refusedBeforeWriting(error);
  }
  if (client.settings.refreshRotation === false) {
    if (!(await touchPoolRefreshToken(tx, row.family_id, row.token_hash, idleExpiresAt, now))) {
      return { refused: refreshRefusal({ outcome: 'revoked' }) };
    }
    return { minting };
  }
  // A token from before families were named in tokens is followed by one that names it.
  const next = newRefreshToken(row.family_id);
  if (!(await consumePoolRefreshToken(tx, row.family_id, row.token_hash, now))) {
    // Spent by another instance since the read (PostgreSQL): a replay, as RFC 9700 §4.14.2 counts it.
    return {
      refused: refreshRefusal({ outcome: 'reused', familyId: row.family_id }),
      revokeFamily: row.family_id,
    };
  }
  await insertPoolRefreshToken(tx, {
    family_id: row.family_id,
    token_hash: sha256Base64url(next),
    created_at: now,
    idle_expires_at: idleExpiresAt,
    used_at: null,
  });
  return { minting, refreshToken: next };
}

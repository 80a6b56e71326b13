import { randomUUID } from 'node:crypto';
import type { AppClient } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { sha256Base64url } from '../../crypto/secrets.js';
import { InvalidGrant } from '../../oauth/errors.js';
import { codeRefusal, decideCodeRedemption } from '../../pools/code-policy.js';
import { verifyPkce } from '../../pools/pkce.js';
import { requestedMachineScopes } from '../../pools/machine-scope.js';
import { decideRefresh, narrowScope, refreshRefusal } from '../../pools/refresh-policy.js';
import type { Db } from '../../store/db.js';
import { findPoolAuthCode, redeemPoolAuthCode } from '../../store/repos/pool-auth-codes.js';
import {
  findPoolAuthCodeWithUser,
  findPoolRefreshTokenWithUser,
} from '../../store/repos/pool-grant-reads.js';
import {
  consumePoolRefreshToken,
  findPoolRefreshToken,
  insertPoolRefreshFamily,
  insertPoolRefreshToken,
  isPoolRefreshFamilyLive,
  type PoolRefreshTokenEntry,
  type PoolRefreshTokenRow,
  revokePoolRefreshFamily,
  touchPoolRefreshToken,
} from '../../store/repos/pool-refresh-tokens.js';
import type { TokenService } from '../tokens.js';
import type { PoolRecord } from './pool-access.js';
import { revokeCodeIssue } from './code-replay.js';
import { GroupCommit } from './group-commit.js';
import { type ActiveUser, activeUserOf, loadActiveUser, mayGetTokens } from './pool-token-user.js';
import type {
  ClientCredentialsInput,
  DirectSignInInput,
  PoolGrantResult,
  RedeemCodeInput,
  RefreshInput,
} from './pool-grant-inputs.js';
import { type MintedTokens, poolLifetimes, type PoolTokenService } from './pool-tokens.js';
import { newFamilyId, newRefreshFamily, newRefreshToken, refreshTokenRef } from './refresh-rows.js';

export type {
  ClientCredentialsInput,
  DirectSignInInput,
  PoolGrantResult,
  RedeemCodeInput,
  RefreshInput,
} from './pool-grant-inputs.js';

/**
 * The people's grants: authorization codes redeemed once (RFC 6749 §4.1.3, PKCE RFC 7636) and
 * refresh families rotated with reuse detection (RFC 9700 §4.14.2). Single use is decided by
 * the store's conditional updates, so concurrent requests and instances cannot both win.
 */
export class PoolGrantService {
  private readonly writes: GroupCommit;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly tokens: PoolTokenService,
    private readonly revoker: Pick<TokenService, 'revoke'>,
  ) {
    this.writes = new GroupCommit(db);
  }

  async redeemCode(input: RedeemCodeInput): Promise<PoolGrantResult> {
    const { pool, client } = input;
    const now = this.clock.now();
    const codeHash = sha256Base64url(input.code);
    // The code, its person and their groups in one read.
    const found = await findPoolAuthCodeWithUser(this.db, codeHash);
    if (!found || found.row.pool_id !== pool.row.id) throw codeRefusal({ outcome: 'unknown' });
    const { row } = found;
    const decision = decideCodeRedemption(row, {
      now,
      clientId: client.clientId,
      redirectUri: input.redirectUri,
    });
    if (decision.outcome === 'reused') {
      await revokeCodeIssue(this.db, this.revoker, row, decision, now);
      throw codeRefusal(decision);
    }
    if (decision.outcome !== 'ok') throw codeRefusal(decision);
    // The authorize endpoint already insists; checked again so a code row can never skip it.
    if ((client.public || client.settings.requirePkce) && row.code_challenge === null) {
      throw new InvalidGrant('this client must use PKCE; the authorization request had no code_challenge');
    }
    verifyPkce(
      { codeChallenge: row.code_challenge, codeChallengeMethod: row.code_challenge_method },
      input.codeVerifier,
    );
    if (!mayGetTokens(found.user, row.auth_time)) {
      throw new InvalidGrant('the user is disabled or no longer exists');
    }
    const user = activeUserOf(found.user, found.user.groups);
    const scopes = row.scope.split(' ').filter((s) => s !== '');
    const jti = randomUUID();
    // Throws before anything is written when the tokens cannot be made.
    const minting = this.tokens.mint({
      pool,
      client,
      user,
      scopes,
      authTime: row.auth_time,
      nonce: row.nonce ?? undefined,
      now,
      jti,
    });
    const familyId = newFamilyId(now);
    const refreshToken = newRefreshToken(familyId);
    const { family, first } = newRefreshFamily(pool, client, familyId, refreshToken, row, now);
    const issued = { familyId, accessJtis: [jti] };
    // Signed on its thread while the store spends the code: the answer waits for the slower of
    // the two, not for both in turn. Tokens whose write lost are never sent.
    const [minted, won] = await Promise.all([
      minting,
      this.writes.run(async (tx) => {
        if (!(await redeemPoolAuthCode(tx, codeHash, now, issued))) return false;
        await insertPoolRefreshFamily(tx, family, first);
        return true;
      }),
    ]);
    if (!won) {
      // Another request redeemed it between the read and now: a replay, answered as one.
      const again = await findPoolAuthCode(this.db, codeHash);
      const jtis = again?.access_jtis ? (JSON.parse(again.access_jtis) as string[]) : [];
      await revokeCodeIssue(
        this.db,
        this.revoker,
        row,
        { familyId: again?.family_id ?? null, accessJtis: jtis },
        now,
      );
      throw codeRefusal({ outcome: 'reused', familyId: again?.family_id ?? null, accessJtis: jtis });
    }
    return { ...minted, refreshToken };
  }

  /**
   * Tokens for a person who just proved their password, and the first refresh token of a new
   * family: the same tokens and family rules as a redeemed code.
   */
  async signIn(input: DirectSignInInput): Promise<PoolGrantResult & { familyId: string }> {
    const { pool, client, user } = input;
    const now = this.clock.now();
    const familyId = newFamilyId(now);
    const scopes = [...input.scopes];
    const minted = await this.tokens.mint({
      pool,
      client,
      user,
      scopes,
      authTime: input.authTime,
      now,
      originJti: familyId,
    });
    const refreshToken = newRefreshToken(familyId);
    const origin = {
      sub: user.sub,
      scope: scopes.join(' '),
      auth_time: input.authTime,
      session_id_hash: null,
    };
    const { family, first } = newRefreshFamily(pool, client, familyId, refreshToken, origin, now);
    await this.writes.run((tx) => insertPoolRefreshFamily(tx, family, first));
    return { ...minted, refreshToken, familyId };
  }

  /** The person a refresh token of this pool was issued to (for checks before it is spent). */
  async refreshTokenOwner(
    poolId: string,
    token: string,
  ): Promise<{ sub: string; username: string } | undefined> {
    const found = await findPoolRefreshTokenWithUser(this.db, refreshTokenRef(token));
    if (!found?.user || found.row.pool_id !== poolId) return undefined;
    return { sub: found.user.sub, username: found.user.username };
  }

  /** Whether any token of the family is still unrevoked and within its life: a sign-in not yet ended. */
  familyLive(poolId: string, familyId: string): Promise<boolean> {
    return isPoolRefreshFamilyLive(this.db, poolId, familyId, this.clock.now());
  }

  async refresh(input: RefreshInput): Promise<PoolGrantResult> {
    const { pool, client } = input;
    const now = this.clock.now();
    // The token, its family, its person and their groups in one read.
    const found = await findPoolRefreshTokenWithUser(this.db, refreshTokenRef(input.refreshToken));
    if (!found || found.row.pool_id !== pool.row.id) throw refreshRefusal({ outcome: 'unknown' });
    const { row } = found;
    const lifetimes = poolLifetimes(pool, client);
    const decision = decideRefresh(row, {
      now,
      clientId: client.clientId,
      idleSeconds: lifetimes.refreshIdleSeconds,
    });
    if (decision.outcome === 'reused') {
      await revokePoolRefreshFamily(this.db, row.family_id, now);
      throw refreshRefusal(decision);
    }
    if (decision.outcome !== 'ok') throw refreshRefusal(decision);
    const scopes = narrowScope(row.scope, input.scope);
    if (!mayGetTokens(found.user, row.auth_time)) {
      await revokePoolRefreshFamily(this.db, row.family_id, now);
      throw refreshRefusal({ outcome: 'user-inactive' });
    }
    const user = activeUserOf(found.user, found.user.groups);
    // Throws before anything is written when the tokens cannot be made; then signed on its
    // thread while the store rotates the token, as for a code.
    const minting = this.mintFor(pool, client, user, scopes, row, now);
    if (client.settings.refreshRotation === false) {
      const [minted, touched] = await Promise.all([
        minting,
        this.writes.run((tx) =>
          touchPoolRefreshToken(tx, row.family_id, row.token_hash, decision.idleExpiresAt, now),
        ),
      ]);
      if (!touched) {
        throw refreshRefusal({ outcome: 'revoked' });
      }
      return minted;
    }
    // A token from before families were named in tokens is followed by one that names it.
    const next = newRefreshToken(row.family_id);
    const nextRow: PoolRefreshTokenEntry = {
      family_id: row.family_id,
      token_hash: sha256Base64url(next),
      created_at: now,
      idle_expires_at: decision.idleExpiresAt,
      used_at: null,
    };
    const [minted, won] = await Promise.all([
      minting,
      this.writes.run(async (tx) => {
        if (!(await consumePoolRefreshToken(tx, row.family_id, row.token_hash, now))) return false;
        await insertPoolRefreshToken(tx, nextRow);
        return true;
      }),
    ]);
    if (!won) {
      // Two requests with one token: the second is a replay, as RFC 9700 §4.14.2 counts it.
      await revokePoolRefreshFamily(this.db, row.family_id, now);
      throw refreshRefusal({ outcome: 'reused', familyId: row.family_id });
    }
    return { ...minted, refreshToken: next };
  }

  /**
   * A client_credentials app client's machine token: no person, no refresh token, no store
   * (the client and pool come from the cache, the resource servers from the runtime).
   */
  clientCredentials(input: ClientCredentialsInput): Promise<MintedTokens> {
    const scopes = requestedMachineScopes(input.client.scopes, input.scope);
    return this.tokens.mintMachine({ pool: input.pool, client: input.client, scopes, now: this.clock.now() });
  }

  /**
   * RFC 7009 for a pool: a refresh token revokes its whole family, as Cognito's RevokeToken
   * does. Returns `not-found` when the value is no refresh token of this pool, and
   * `other-client` when it belongs to another app client.
   */
  async revokeRefreshToken(
    pool: PoolRecord,
    client: AppClient,
    token: string,
  ): Promise<'revoked' | 'not-found' | 'other-client'> {
    const row = await findPoolRefreshToken(this.db, refreshTokenRef(token));
    if (!row || row.pool_id !== pool.row.id) return 'not-found';
    if (row.client_id !== client.clientId) return 'other-client';
    await revokePoolRefreshFamily(this.db, row.family_id, this.clock.now());
    return 'revoked';
  }

  /** For userinfo: the token's user, while they exist and are enabled. */
  activeUser(poolId: string, sub: string): Promise<ActiveUser | undefined> {
    return loadActiveUser(this.db, poolId, sub);
  }

  private mintFor(
    pool: PoolRecord,
    client: AppClient,
    user: ActiveUser,
    scopes: string[],
    row: PoolRefreshTokenRow,
    now: number,
  ): Promise<MintedTokens> {
    // OIDC Core §12.2: a refreshed ID token has no nonce.
    return this.tokens.mint({
      pool,
      client,
      user,
      scopes,
      authTime: row.auth_time,
      now,
      originJti: row.family_id,
    });
  }
}

import type { AppClient } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { sha256Base64url } from '../../crypto/secrets.js';
import { requestedMachineScopes } from '../../pools/machine-scope.js';
import type { Db } from '../../store/db.js';
import {
  findPoolAuthCodeWithUser,
  findPoolRefreshTokenWithUser,
} from '../../store/repos/pool-grant-reads.js';
import {
  findPoolRefreshToken,
  insertPoolRefreshFamily,
  isPoolRefreshFamilyLive,
  revokePoolRefreshFamily,
} from '../../store/repos/pool-refresh-tokens.js';
import type { TokenService } from '../tokens.js';
import type { PoolRecord } from './pool-access.js';
import { revokeReplayedCode } from './code-replay.js';
import { type CodePiece, redeemCodeInGroup } from './code-redemption.js';
import { GroupCommit } from './group-commit.js';
import { groupRead } from './group-piece.js';
import { type ActiveUser, loadActiveUser } from './pool-token-user.js';
import type {
  ClientCredentialsInput,
  DirectSignInInput,
  PoolGrantResult,
  RedeemCodeInput,
  RefreshInput,
} from './pool-grant-inputs.js';
import { type MintedTokens, type MintInput, poolLifetimes, type PoolTokenService } from './pool-tokens.js';
import { newFamilyId, newRefreshFamily, newRefreshToken, refreshTokenRef } from './refresh-rows.js';
import { type RefreshPiece, rotateRefreshToken } from './refresh-rotation.js';

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
    const now = this.clock.now();
    const codeHash = sha256Base64url(input.code);
    const piece: CodePiece = {
      input,
      codeHash,
      read: await groupRead(this.db, (on) => findPoolAuthCodeWithUser(on, codeHash)),
      now,
      mint: (user, scopes, row, jti) =>
        this.mintAfterSignIn(input, user, scopes, row.auth_time, now, { nonce: row.nonce ?? undefined, jti }),
    };
    // Decided and written in a group's transaction; the tokens are signed on their thread
    // meanwhile, and the answer waits for the slower of the two. Tokens whose write lost are never sent.
    const outcome = await this.writes.run((tx) => redeemCodeInGroup(tx, piece));
    if ('refused' in outcome) {
      if (outcome.replay) await revokeReplayedCode(this.db, this.revoker, outcome.replay, codeHash, now);
      throw outcome.refused;
    }
    return { ...(await outcome.minting), refreshToken: outcome.refreshToken };
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
    const ref = refreshTokenRef(input.refreshToken);
    const piece: RefreshPiece = {
      input,
      read: await groupRead(this.db, (on) => findPoolRefreshTokenWithUser(on, ref)),
      now,
      idleSeconds: poolLifetimes(pool, client).refreshIdleSeconds,
      // OIDC Core §12.2: a refreshed ID token has no nonce.
      mint: (user, scopes, row) =>
        this.mintAfterSignIn(input, user, scopes, row.auth_time, now, { originJti: row.family_id }),
    };
    // As for a code: decided and written in a group, signed meanwhile.
    const outcome = await this.writes.run((tx) => rotateRefreshToken(tx, piece));
    if ('refused' in outcome) {
      if (outcome.revokeFamily !== undefined)
        await revokePoolRefreshFamily(this.db, outcome.revokeFamily, now);
      throw outcome.refused;
    }
    const minted = await outcome.minting;
    return outcome.refreshToken === undefined ? minted : { ...minted, refreshToken: outcome.refreshToken };
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

  /** A grant's tokens for the person of an earlier sign-in (a code's or a refresh family's). */
  private mintAfterSignIn(
    input: { pool: PoolRecord; client: AppClient },
    user: ActiveUser,
    scopes: string[],
    authTime: number,
    now: number,
    extra: Pick<MintInput, 'nonce' | 'jti' | 'originJti'>,
  ): Promise<MintedTokens> {
    return this.tokens.mint({
      pool: input.pool,
      client: input.client,
      user,
      scopes,
      authTime,
      now,
      ...extra,
    });
  }
}

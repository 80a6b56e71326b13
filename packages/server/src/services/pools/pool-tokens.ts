import { randomUUID } from 'node:crypto';
import type { AppClient, SigningAlg } from '@gatehouse/schemas';
import { readOwnJwt, type VerificationKeys } from '../../oauth/own-jwt.js';
import {
  buildCognitoAccessTokenClaims,
  COGNITO_ADMIN_SCOPE,
} from '../../pools/cognito-access-token-claims.js';
import { buildIdTokenClaims } from '../../pools/id-token-claims.js';
import type { ClaimsUser } from '../../pools/scope-claims.js';
import { InvalidScope } from '../../oauth/errors.js';
import { buildMachineAccessTokenClaims } from '../../pools/machine-access-token-claims.js';
import {
  buildUserAccessTokenClaims,
  chooseAccessTokenAudience,
  type PoolResourceLookup,
} from '../../pools/user-access-token-claims.js';
import type { TokenService } from '../tokens.js';
import type { PoolRecord } from './pool-access.js';

/**
 * Access tokens for the userinfo audience are signed like machine tokens by default (the
 * resource servers' default algorithm); tokens for a resource server use that server's.
 */
const USERINFO_ACCESS_ALG: SigningAlg = 'ES256';
/** Cognito signs its tokens RS256; code written for Cognito may expect no other. */
const COGNITO_ACCESS_ALG: SigningAlg = 'RS256';

export interface MintInput {
  pool: PoolRecord;
  client: AppClient;
  user: ClaimsUser;
  scopes: readonly string[];
  /** Epoch milliseconds of the sign-in. */
  authTime: number;
  nonce?: string | undefined;
  now: number;
  /** The refresh family the tokens come from, when there is one (Cognito's `origin_jti`). */
  originJti?: string | undefined;
  /** The access token's jti, when the caller must record it before the tokens are signed. */
  jti?: string | undefined;
}

export interface MachineMintInput {
  pool: PoolRecord;
  client: AppClient;
  /** Qualified scopes the client holds, already checked against its allowed scopes. */
  scopes: readonly string[];
  now: number;
}

export interface MintedTokens {
  accessToken: string;
  jti: string;
  expiresIn: number;
  /** Epoch milliseconds, for revoking the jti until then. */
  accessExpiresAt: number;
  /** The scope as the access token carries it. */
  scope: string;
  /** Only when `openid` was granted. */
  idToken?: string;
}

/** A person's access token as this deployment signed it for one pool, read back. */
export interface PoolAccessClaims {
  sub: string;
  client_id: string;
  scope: string;
  jti: string;
  exp: number;
  username?: string;
  /** Cognito-shaped tokens only: the refresh family of the sign-in. */
  origin_jti?: string;
}

/** A pool's token lifetimes, the app client's own first. */
export function poolLifetimes(pool: PoolRecord, client: AppClient) {
  const t = pool.settings.tokens;
  const c = client.settings;
  return {
    accessSeconds: c.accessTokenSeconds ?? t.accessTokenSeconds,
    idSeconds: c.idTokenSeconds ?? t.idTokenSeconds,
    refreshSeconds: c.refreshTokenSeconds ?? t.refreshTokenSeconds,
    refreshIdleSeconds: t.refreshIdleSeconds,
  };
}

/**
 * Mints a person's access token (RFC 9068) and ID token (OIDC Core, in the app client's alg) with the
 * deployment's keys, and reads access tokens back for userinfo and revocation. No store.
 */
export class PoolTokenService {
  constructor(
    private readonly tokens: TokenService,
    private readonly resources: PoolResourceLookup,
    private readonly keys: () => VerificationKeys,
    private readonly issuerOf: (poolId: string) => string,
  ) {}

  /**
   * Claims are built and keys found before this returns: a refusal (a scope no resource server
   * has any more, no signing key) throws at once, so a caller that signs and writes side by side
   * never starts its write for tokens that cannot be made. Only the signing itself is awaited.
   */
  mint(input: MintInput): Promise<MintedTokens> {
    const poolIssuer = this.issuerOf(input.pool.row.id);
    const lifetimes = poolLifetimes(input.pool, input.client);
    const jti = input.jti ?? randomUUID();
    const { claims, alg: accessAlg } = this.accessClaims(input, poolIssuer, lifetimes.accessSeconds, jti);
    const minted: MintedTokens = {
      accessToken: '',
      jti,
      expiresIn: lifetimes.accessSeconds,
      accessExpiresAt: (claims.exp as number) * 1000,
      scope: claims.scope as string,
    };
    const access = { alg: accessAlg, claims };
    if (!input.scopes.includes('openid')) {
      return this.tokens.signPoolTokens(access).then((signed) => {
        minted.accessToken = signed.accessToken;
        return minted;
      });
    }
    const alg = input.client.settings.idTokenSigningAlg;
    // at_hash is added where the access token is signed, once it exists.
    const idClaims = buildIdTokenClaims({
      poolIssuer,
      clientId: input.client.clientId,
      user: input.user,
      scopes: input.scopes,
      authTime: input.authTime,
      nonce: input.nonce,
      alg,
      now: input.now,
      lifetimeSeconds: lifetimes.idSeconds,
    });
    return this.tokens.signPoolTokens(access, { alg, claims: idClaims }).then((signed) => {
      minted.accessToken = signed.accessToken;
      minted.idToken = signed.idToken;
      return minted;
    });
  }

  /**
   * Sign-ins through Cognito's API get Cognito's access token (scope aws.cognito.signin.user.admin,
   * no audience); the rest get RFC 9068's, for the resource server their scopes name.
   */
  private accessClaims(
    input: MintInput,
    poolIssuer: string,
    lifetimeSeconds: number,
    jti: string,
  ): { claims: Record<string, unknown>; alg: SigningAlg } {
    const common = {
      poolIssuer,
      sub: input.user.sub,
      username: input.user.username,
      clientId: input.client.clientId,
      groups: input.user.groups,
      authTime: input.authTime,
      now: input.now,
      lifetimeSeconds,
      jti,
    };
    if (input.scopes.includes(COGNITO_ADMIN_SCOPE)) {
      const claims = buildCognitoAccessTokenClaims({
        ...common,
        originJti: input.originJti ?? jti,
        eventId: randomUUID(),
      });
      return { claims, alg: COGNITO_ACCESS_ALG };
    }
    const audience = chooseAccessTokenAudience({ poolIssuer, scopes: input.scopes, lookup: this.resources });
    const claims = buildUserAccessTokenClaims({ ...common, scopes: input.scopes, audience });
    return { claims, alg: audience.resource?.alg ?? USERINFO_ACCESS_ALG };
  }

  /**
   * An app client's own access token (client_credentials), in Cognito's shape: `sub` and
   * `client_id` the client, `auth_time` the issue time, `token_use: "access"`; scopes and
   * `version` as the resource server's token profile says. Always for one resource server.
   */
  async mintMachine(input: MachineMintInput): Promise<MintedTokens> {
    const poolIssuer = this.issuerOf(input.pool.row.id);
    const audience = chooseAccessTokenAudience({ poolIssuer, scopes: input.scopes, lookup: this.resources });
    const resource = audience.resource;
    if (resource === undefined) throw new InvalidScope('request a scope of a resource server');
    const expiresIn = poolLifetimes(input.pool, input.client).accessSeconds;
    const jti = randomUUID();
    const claims = buildMachineAccessTokenClaims({
      poolIssuer,
      clientId: input.client.clientId,
      audience,
      now: input.now,
      lifetimeSeconds: expiresIn,
      jti,
    });
    return {
      accessToken: (await this.tokens.signPoolTokens({ alg: resource.alg, claims })).accessToken,
      jti,
      expiresIn,
      accessExpiresAt: (claims.exp as number) * 1000,
      scope: claims.scope as string,
    };
  }

  /**
   * A person's access token of this pool: signed by a deployment key with `typ: at+jwt`, the
   * pool's issuer, `token_use: access`, unexpired and not revoked. Undefined for anything else.
   */
  readAccessToken(poolId: string, token: string, now: number): PoolAccessClaims | undefined {
    const payload = readOwnJwt(this.keys(), token, (typ) => typ === 'at+jwt');
    if (payload === undefined) return undefined;
    if (payload.iss !== this.issuerOf(poolId) || payload.token_use !== 'access') return undefined;
    const { sub, client_id, scope, jti, exp } = payload;
    if (typeof exp !== 'number' || exp * 1000 <= now) return undefined;
    if (typeof sub !== 'string' || typeof client_id !== 'string' || typeof jti !== 'string') return undefined;
    if (typeof scope !== 'string' || this.tokens.isRevoked(jti)) return undefined;
    const claims: PoolAccessClaims = { sub, client_id, scope, jti, exp };
    if (typeof payload.username === 'string') claims.username = payload.username;
    if (typeof payload.origin_jti === 'string') claims.origin_jti = payload.origin_jti;
    return claims;
  }
}

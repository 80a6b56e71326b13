import { randomUUID } from 'node:crypto';
import { createJwtSigner } from '@gatehouse/jws';
import type { Identity } from '../proxy/headers.js';
import type { SigningKey } from './signing-key.js';

/**
 * The one header a `forwardClaims: signed` route's upstream receives.
 *
 * @example
 * const assertion = req.headers[ASSERTION_HEADER.toLowerCase()];
 */
export const ASSERTION_HEADER = 'X-Gatehouse-Jwt-Assertion';
/**
 * Its `typ`: not `at+jwt`, so no API takes it for an access token, nor an access token for it.
 *
 * @example
 * await jwtVerify(assertion, gatewayKeys, { issuer, audience, typ: ASSERTION_TYP });
 */
export const ASSERTION_TYP = 'gatehouse-claims+jwt';
/**
 * Where the gateway publishes its public keys; answered by the gateway, never proxied.
 *
 * @example
 * const gatewayKeys = createRemoteJWKSet(new URL(JWKS_PATH, 'https://gateway.example.com'));
 */
export const JWKS_PATH = '/.well-known/gatehouse-gateway/jwks.json';

/** An assertion already signed for a token, and until when it is handed out again. */
export interface SignedAssertion {
  jwt: string;
  reuseUntil: number;
}

/** A person's claims from a pool token, carried over when present. */
const POOL_CLAIMS = ['token_use', 'username', 'auth_time', 'cognito:groups'] as const;

/**
 * Signs the verified claims of a request as a short-lived JWT for its upstream, the way IAP,
 * Cloudflare Access and Pomerium vouch for a caller: `iss` the gateway, `aud` the upstream,
 * `exp` a minute or so ahead and never past the token's own.
 *
 * An assertion is signed once per token and audience and handed out again while the gateway's
 * token cache keeps the token (`tokenCacheMs`) and at least half its lifetime is left, so a
 * caller reusing its token costs one signature a second, not one per request. `jti` so names
 * the assertion, not the request.
 */
export class ClaimsSigner {
  /** The JWKS document the gateway publishes. */
  readonly jwks: { keys: Record<string, string>[] };
  private readonly sign: (payload: Record<string, unknown>) => string;

  constructor(
    key: SigningKey,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
    /** Public keys published too, never signed with (a rotation's next or previous key). */
    published: readonly Record<string, string>[] = [],
  ) {
    this.sign = createJwtSigner(key.alg, key.privateKey, { typ: ASSERTION_TYP, kid: key.kid });
    // A key listed twice (or the signing key listed again) is published once; validation
    // refused two different keys under one kid.
    const keys = [key.publicJwk];
    for (const jwk of published) if (!keys.some((k) => k.kid === jwk.kid)) keys.push(jwk);
    this.jwks = { keys };
  }

  /** The assertion for `identity` at `audience`, reused when a fresh enough one was signed. */
  assertion(identity: Identity, audience: string, nowMs: number): string {
    const cached = identity.assertions?.get(audience);
    if (cached !== undefined && cached.reuseUntil > nowMs) return cached.jwt;
    const { claims } = identity;
    const iat = Math.floor(nowMs / 1000);
    const exp = Math.min(iat + this.ttlSeconds, claims.exp);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      aud: audience,
      iat,
      exp,
      jti: randomUUID(),
      sub: claims.sub,
      client_id: identity.clientId,
      scope: identity.scopes.join(' '),
      // The token's own issuer: Gatehouse for a machine, the pool for a person.
      token_iss: claims.iss,
    };
    for (const name of POOL_CLAIMS) {
      if (claims[name] !== undefined) payload[name] = claims[name];
    }
    const jwt = this.sign(payload);
    const reuseUntil = Math.min(nowMs + (this.ttlSeconds * 1000) / 2, exp * 1000);
    (identity.assertions ??= new Map()).set(audience, { jwt, reuseUntil });
    return jwt;
  }
}

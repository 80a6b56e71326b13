import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

/** OIDC Core §3.1.3.6: the left half of the SHA-256 of the access token (RS256), base64url. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

/** Checks a pool token's signature against the pool's own JWKS, as any relying party would. */
export async function verifyPoolToken(
  config: oidc.Configuration,
  token: string,
  expected: { typ: 'JWT' | 'at+jwt'; audience: string },
): Promise<JWTPayload> {
  const metadata = config.serverMetadata();
  assert.ok(metadata.jwks_uri, 'the pool publishes a jwks_uri');
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), { cooldownDuration: 0, cacheMaxAge: 0 });
  const { payload } = await jwtVerify(token, jwks, {
    issuer: metadata.issuer,
    audience: expected.audience,
    typ: expected.typ,
    ...(expected.typ === 'JWT' ? { algorithms: ['RS256'] } : {}),
  });
  return payload;
}

/** Expects openid-client to report an OAuth error answer with this status and code. */
export async function rejectsWithOAuth(
  promise: Promise<unknown>,
  status: number,
  error: string,
): Promise<void> {
  await assert.rejects(promise, (thrown: unknown) => {
    assert.ok(
      thrown instanceof oidc.ResponseBodyError,
      `expected an OAuth error answer, got ${String(thrown)}`,
    );
    assert.equal(thrown.status, status);
    assert.equal(thrown.error, error);
    return true;
  });
}

import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { systemClock } from '../../src/clock.js';
import { atHash, buildIdTokenClaims } from '../../src/pools/id-token-claims.js';
import { readIdTokenHint } from '../../src/pools/id-token-hint.js';
import {
  buildUserAccessTokenClaims,
  chooseAccessTokenAudience,
} from '../../src/pools/user-access-token-claims.js';
import { type OpenGatehouse, openGatehouse } from '../../src/services/gatehouse.js';
import type { Keyring } from '../../src/services/keys.js';
import type { Runtime } from '../../src/services/runtime.js';
import { TokenService } from '../../src/services/tokens.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { alice, POOL_ISSUER, resources } from './fixtures.js';

describe('signing pool tokens with the deployment keys', () => {
  let backend: TestBackend;
  let gatehouse: OpenGatehouse;
  let keyring: Keyring;
  let tokens: TokenService;

  before(async () => {
    backend = await createBackend('sqlite');
    gatehouse = await openGatehouse(backend.config());
    keyring = await gatehouse.keys.loadKeyring();
    // Signing reads only the keyring from the runtime.
    const runtime = { keys: keyring } as unknown as Runtime;
    tokens = new TokenService({
      db: gatehouse.db,
      runtime,
      clock: systemClock,
      issuer: 'https://id.example.com',
    });
  });
  after(async () => {
    await gatehouse.close();
    await backend.cleanup();
  });

  const jwks = () =>
    createLocalJWKSet(JSON.parse(keyring.jwksJson) as Parameters<typeof createLocalJWKSet>[0]);

  test('an ID token: typ JWT, RS256, the at_hash of the access token beside it, verifiable with the JWKS, and readable back as an id_token_hint', async () => {
    const now = Date.now();
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: 'client-1',
      user: alice,
      scopes: ['openid', 'email'],
      authTime: now,
      nonce: 'n',
      now,
      lifetimeSeconds: 300,
    });
    const signed = await tokens.signPoolTokens(
      { alg: 'ES256', claims: { iss: POOL_ISSUER, sub: alice.sub, token_use: 'access' } },
      { alg: 'RS256', claims },
    );
    const token = signed.idToken as string;
    assert.deepEqual(decodeProtectedHeader(token), {
      alg: 'RS256',
      typ: 'JWT',
      kid: keyring.signers.get('RS256')?.kid,
    });
    const { payload } = await jwtVerify(token, jwks(), {
      issuer: POOL_ISSUER,
      audience: 'client-1',
      typ: 'JWT',
    });
    assert.equal(payload.email, 'alice@example.com');
    assert.equal(payload.at_hash, atHash(signed.accessToken, 'RS256'));
    assert.deepEqual(readIdTokenHint(token, { poolIssuer: POOL_ISSUER, keys: keyring.publicKeys }), {
      sub: alice.sub,
      aud: ['client-1'],
    });
    assert.equal(
      readIdTokenHint(token, {
        poolIssuer: 'https://id.example.com/pools/local_Other1234',
        keys: keyring.publicKeys,
      }),
      undefined,
    );
  });

  test('a person’s access token: the same at+jwt header as machine tokens, and never a valid hint', async () => {
    const now = Date.now();
    const audience = chooseAccessTokenAudience({
      poolIssuer: POOL_ISSUER,
      scopes: ['openid', 'lj-health-food/list-orders'],
      lookup: resources,
    });
    const claims = buildUserAccessTokenClaims({
      poolIssuer: POOL_ISSUER,
      sub: alice.sub,
      username: 'alice',
      clientId: 'client-1',
      scopes: ['openid', 'lj-health-food/list-orders'],
      audience,
      groups: [],
      authTime: now,
      now,
      lifetimeSeconds: 300,
      jti: 'j-1',
    });
    const { accessToken: token, idToken } = await tokens.signPoolTokens({
      alg: audience.resource?.alg ?? 'RS256',
      claims,
    });
    assert.equal(idToken, undefined);
    assert.deepEqual(decodeProtectedHeader(token), {
      alg: 'ES256',
      typ: 'at+jwt',
      kid: keyring.signers.get('ES256')?.kid,
    });
    const { payload } = await jwtVerify(token, jwks(), {
      issuer: POOL_ISSUER,
      audience: 'lj-health-food',
      typ: 'at+jwt',
    });
    assert.equal(payload.scope, 'openid list-orders');
    assert.equal(readIdTokenHint(token, { poolIssuer: POOL_ISSUER, keys: keyring.publicKeys }), undefined);
  });

  test('machine signing is unchanged: the access-token signer still writes typ at+jwt', async () => {
    for (const [alg, signer] of keyring.signers) {
      const token = await signer.sign({ a: 1 });
      assert.deepEqual(decodeProtectedHeader(token), { alg, typ: 'at+jwt', kid: signer.kid });
    }
  });
});

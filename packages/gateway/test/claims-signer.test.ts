import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { ClaimsSigner } from '../src/claims/claims-signer.js';
import { readSigningKey } from '../src/claims/signing-key.js';
import type { Identity } from '../src/proxy/headers.js';
import { KeyDir } from './support/keys.js';

const keys = new KeyDir();
after(() => keys.remove());

const T0 = Date.UTC(2026, 0, 1); // a fixed clock: the signer takes `now` from its caller

function identity(expSeconds: number): Identity {
  const claims = {
    iss: 'https://auth.example.com',
    sub: 'c1',
    aud: 'lj-health-food',
    client_id: 'c1',
    scope: 'list-orders',
    scopes: ['list-orders'],
    iat: T0 / 1000,
    exp: expSeconds,
    jti: 'j1',
  };
  return { clientId: 'c1', scopes: claims.scopes, claims };
}

function signer(ttlSeconds = 60): ClaimsSigner {
  const key = readSigningKey(keys.ecPem(`k${ttlSeconds}.pem`));
  assert.ok(typeof key !== 'string', String(key));
  return new ClaimsSigner(key, 'https://gateway.example.com', ttlSeconds);
}

describe('claims signer', () => {
  test('an assertion is reused for half its lifetime, then signed afresh', () => {
    const s = signer(60);
    const caller = identity(T0 / 1000 + 3600);
    const first = s.assertion(caller, 'orders', T0);
    assert.equal(s.assertion(caller, 'orders', T0 + 29_999), first);
    const later = s.assertion(caller, 'orders', T0 + 30_000);
    assert.notEqual(later, first);
    assert.equal(decodeJwt(later).iat, T0 / 1000 + 30);
    assert.notEqual(s.assertion(caller, 'billing', T0 + 30_000), later, 'one per audience');
  });

  test('exp is never past the token exp, and reuse stops there too', () => {
    const s = signer(60);
    const tokenExp = T0 / 1000 + 10;
    const caller = identity(tokenExp);
    const first = s.assertion(caller, 'orders', T0);
    assert.equal(decodeJwt(first).exp, tokenExp);
    assert.notEqual(s.assertion(caller, 'orders', T0 + 10_000), first);
  });

  test('it verifies with the key set it publishes', async () => {
    const s = signer(30);
    const jwt = s.assertion(identity(T0 / 1000 + 3600), 'orders', T0);
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(s.jwks), {
      issuer: 'https://gateway.example.com',
      audience: 'orders',
      typ: 'gatehouse-claims+jwt',
      currentDate: new Date(T0 + 1000),
    });
    assert.deepEqual(
      { ...payload, jti: typeof payload.jti },
      {
        iss: 'https://gateway.example.com',
        aud: 'orders',
        iat: T0 / 1000,
        exp: T0 / 1000 + 30,
        jti: 'string',
        sub: 'c1',
        client_id: 'c1',
        scope: 'list-orders',
        token_iss: 'https://auth.example.com',
      },
    );
  });
});

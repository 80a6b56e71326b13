import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { createVerifier, toHttpError, type Verifier, type VerifierOptions } from '../src/index.js';
import { nowSeconds, rejectsWithCode } from './support/assert.js';
import { makeKey } from './support/fake-issuer.js';
import { type TestClient, TestGatehouse } from './support/gatehouse.js';
import { SignJWT } from 'jose';

describe('verify against a real Gatehouse', () => {
  let gate: TestGatehouse;
  let caller: TestClient;
  let verifier: Verifier;
  const verifiers: Verifier[] = [];
  const make = (options: Partial<VerifierOptions> = {}): Verifier => {
    const v = createVerifier({ issuer: gate.issuer, audience: 'orders', revocation: false, ...options });
    verifiers.push(v);
    return v;
  };

  before(async () => {
    gate = await TestGatehouse.start();
    await gate.resourceServer({
      identifier: 'orders',
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }, { name: 'admin' }],
      tokenTtl: 600,
    });
    await gate.resourceServer({
      identifier: 'ledger-rs',
      name: 'Ledger RS',
      scopes: [{ name: 'read' }],
      signingAlg: 'RS256',
    });
    await gate.resourceServer({
      identifier: 'ledger-ed',
      name: 'Ledger Ed',
      scopes: [{ name: 'read' }],
      signingAlg: 'EdDSA',
    });
    caller = await gate.client(['orders/read', 'orders/write', 'ledger-rs/read', 'ledger-ed/read']);
    verifier = make();
    await verifier.warm();
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await gate.stop();
  });

  const ordersToken = (scope = 'read write') => gate.token(caller, { resource: 'orders', scope });

  test('a valid token resolves to its claims, with scopes split', async () => {
    const token = await ordersToken();
    const claims = await verifier.verify(token);
    const raw = decodeJwt(token);
    assert.deepEqual({ ...claims }, { ...raw, scopes: ['read', 'write'] });
    assert.equal(claims.iss, gate.issuer);
    assert.equal(claims.aud, 'orders');
    assert.equal(claims.client_id, caller.clientId);
    assert.equal(claims.sub, caller.clientId);
    assert.equal(claims.scope, 'read write');
    assert.equal(typeof claims.jti, 'string');
    assert.ok(claims.exp - claims.iat === 600);
  });

  test('RS256 and EdDSA tokens verify too (the server signs each resource with its own alg)', async () => {
    for (const resource of ['ledger-rs', 'ledger-ed']) {
      const token = await gate.token(caller, { resource, scope: 'read' });
      const claims = await make({ audience: resource }).verify(token);
      assert.equal(claims.aud, resource);
      assert.deepEqual(claims.scopes, ['read']);
    }
  });

  test('audience: a list matches any of its entries; null skips the check', async () => {
    const token = await ordersToken('read');
    assert.equal((await make({ audience: ['billing', 'orders'] }).verify(token)).aud, 'orders');
    assert.equal((await make({ audience: null }).verify(token)).aud, 'orders');
  });

  test('ERR_TOKEN_MALFORMED: not a JWT, a missing part, a non-string', async () => {
    await rejectsWithCode(verifier.verify('not-a-jwt'), 'ERR_TOKEN_MALFORMED');
    const [h, p] = (await ordersToken()).split('.');
    await rejectsWithCode(verifier.verify(`${h}.${p}`), 'ERR_TOKEN_MALFORMED');
    await rejectsWithCode(verifier.verify(123 as unknown as string), 'ERR_TOKEN_MALFORMED');
    await rejectsWithCode(verifier.verify(''), 'ERR_TOKEN_MALFORMED');
  });

  test('ERR_TOKEN_EXPIRED: a token the server minted an hour ago', async () => {
    const token = await gate.tokenAt(-3_600_000, caller, { resource: 'orders', scope: 'read' });
    const { exp } = decodeJwt(token);
    await rejectsWithCode(verifier.verify(token), 'ERR_TOKEN_EXPIRED', (failed) => {
      assert.equal(failed?.claim, 'exp');
      assert.equal(failed?.actual, exp);
      assert.ok(Math.abs((failed?.expected as number) - nowSeconds()) <= 1);
    });
  });

  test('clock tolerance: a token that expired 3 s ago passes with the default 5 s, not with 0', async () => {
    // Minted 602 s ago with a 600 s lifetime: iat is a whole second, so the token expired 2 to 3 s
    // ago, and a slow machine has two seconds before the 5 s tolerance runs out.
    const token = await gate.tokenAt(-602_000, caller, { resource: 'orders', scope: 'read' });
    await verifier.verify(token);
    await rejectsWithCode(make({ clockToleranceSeconds: 0 }).verify(token), 'ERR_TOKEN_EXPIRED');
  });

  test('ERR_TOKEN_NOT_YET_VALID: a token issued ten minutes in the future (iat)', async () => {
    const token = await gate.tokenAt(600_000, caller, { resource: 'orders', scope: 'read' });
    const { iat } = decodeJwt(token);
    await rejectsWithCode(verifier.verify(token), 'ERR_TOKEN_NOT_YET_VALID', (failed) => {
      assert.equal(failed?.claim, 'iat');
      assert.equal(failed?.actual, iat);
      assert.ok(Math.abs((failed?.expected as number) - nowSeconds()) <= 1);
    });
  });

  test('ERR_SIGNATURE_INVALID: a payload changed after signing', async () => {
    const [h, p, s] = (await ordersToken('read')).split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    payload.scope = 'read admin';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const error = await rejectsWithCode(verifier.verify(forged), 'ERR_SIGNATURE_INVALID');
    assert.equal(error.failedAssertion, undefined);
  });

  test('ERR_ISSUER_MISMATCH: the keys are right, the issuer is not', async () => {
    const other = make({
      issuer: 'https://other.example.com',
      jwksUri: `${gate.issuer}/.well-known/jwks.json`,
    });
    await rejectsWithCode(other.verify(await ordersToken()), 'ERR_ISSUER_MISMATCH', {
      claim: 'iss',
      actual: gate.issuer,
      expected: 'https://other.example.com',
    });
  });

  test('ERR_AUDIENCE_MISMATCH: a token for another API', async () => {
    await rejectsWithCode(
      make({ audience: 'ledger-rs' }).verify(await ordersToken()),
      'ERR_AUDIENCE_MISMATCH',
      {
        claim: 'aud',
        actual: 'orders',
        expected: 'ledger-rs',
      },
    );
    await rejectsWithCode(
      make({ audience: ['a', 'b'] }).verify(await ordersToken()),
      'ERR_AUDIENCE_MISMATCH',
      {
        claim: 'aud',
        actual: 'orders',
        expected: ['a', 'b'],
      },
    );
  });

  test('ERR_ALG_NOT_ALLOWED: an ES256 token at a verifier that accepts only RS256', async () => {
    await rejectsWithCode(
      make({ algorithms: ['RS256'] }).verify(await ordersToken()),
      'ERR_ALG_NOT_ALLOWED',
      {
        claim: 'alg',
        actual: 'ES256',
        expected: ['RS256'],
      },
    );
  });

  test('ERR_INSUFFICIENT_SCOPE: verifier-wide and per-call requirements add up', async () => {
    const token = await ordersToken('read');
    await rejectsWithCode(verifier.verify(token, { requiredScopes: ['write'] }), 'ERR_INSUFFICIENT_SCOPE', {
      claim: 'scope',
      actual: ['read'],
      expected: ['write'],
    });
    const strict = make({ requiredScopes: ['read'] });
    await strict.verify(token);
    await rejectsWithCode(strict.verify(token, { requiredScopes: ['admin'] }), 'ERR_INSUFFICIENT_SCOPE', {
      claim: 'scope',
      actual: ['read'],
      expected: ['read', 'admin'],
    });
    assert.deepEqual(
      (await verifier.verify(await ordersToken(), { requiredScopes: ['read', 'write'] })).scopes,
      ['read', 'write'],
    );
  });

  test('ERR_CLIENT_NOT_ALLOWED: a client outside the allow-list', async () => {
    const token = await ordersToken('read');
    await rejectsWithCode(make({ clientIds: ['someone-else'] }).verify(token), 'ERR_CLIENT_NOT_ALLOWED', {
      claim: 'client_id',
      actual: caller.clientId,
      expected: ['someone-else'],
    });
    assert.equal(
      (await make({ clientIds: ['x', caller.clientId] }).verify(token)).client_id,
      caller.clientId,
    );
  });

  test('ERR_KEY_NOT_FOUND: a kid the issuer never published', async () => {
    const stranger = makeKey('ES256', 'not-a-gatehouse-key');
    const now = nowSeconds();
    const token = await new SignJWT({ client_id: 'x', sub: 'x', scope: '', jti: 'j' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: stranger.kid })
      .setIssuer(gate.issuer)
      .setAudience('orders')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(stranger.privateKey);
    const keys = (await (await fetch(`${gate.issuer}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    await rejectsWithCode(make().verify(token), 'ERR_KEY_NOT_FOUND', (failed) => {
      assert.equal(failed?.claim, 'kid');
      assert.equal(failed?.actual, 'not-a-gatehouse-key');
      assert.deepEqual(new Set(failed?.expected as string[]), new Set(keys.keys.map((k) => k.kid)));
    });
  });

  test('ERR_JWKS_UNAVAILABLE: the keys cannot be fetched and none are cached', async () => {
    const unreachable = make({ jwksUri: 'http://127.0.0.1:1/jwks' });
    const error = await rejectsWithCode(unreachable.verify(await ordersToken()), 'ERR_JWKS_UNAVAILABLE');
    assert.match(error.message, /127\.0\.0\.1:1\/jwks/);
    await assert.rejects(unreachable.warm(), { code: 'ERR_JWKS_UNAVAILABLE' });
  });

  test('every failure maps to the RFC 6750 answer, and no message carries the token', async () => {
    const token = await ordersToken('read');
    const cases: [() => Promise<unknown>, number, string][] = [
      [() => verifier.verify('x.y'), 401, 'invalid_token'],
      [() => make({ audience: 'ledger-rs' }).verify(token), 401, 'invalid_token'],
      [() => verifier.verify(token, { requiredScopes: ['admin'] }), 403, 'insufficient_scope'],
      [() => make({ clientIds: ['nobody'] }).verify(token), 403, 'insufficient_scope'],
      [() => make({ jwksUri: 'http://127.0.0.1:1/jwks' }).verify(token), 503, 'temporarily_unavailable'],
    ];
    for (const [run, status, code] of cases) {
      const error = await run().then(
        () => assert.fail('should have failed'),
        (e: unknown) => e,
      );
      const answer = toHttpError(error);
      assert.equal(answer.status, status);
      assert.equal(answer.body.error, code);
      assert.ok(!(error as Error).message.includes(token));
      assert.ok(!JSON.stringify(answer).includes(token));
    }
  });
});

import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier, type Verifier, type VerifierOptions } from '../src/index.js';
import { nowSeconds, rejectsWithCode } from './support/assert.js';
import { craft, FakeIssuer, type FakeKey, hmacWithPublicKey, signRaw } from './support/fake-issuer.js';

/** Hand-made tokens, signed with keys generated here, against a stand-in issuer on loopback. */
describe('hand-made tokens', () => {
  let issuer: FakeIssuer;
  let es: FakeKey;
  let rs: FakeKey;
  let verifier: Verifier;
  const make = (options: Partial<VerifierOptions> = {}) =>
    createVerifier({ issuer: issuer.issuer, audience: 'orders', revocation: false, ...options });

  before(async () => {
    issuer = await FakeIssuer.start();
    es = issuer.addKey('ES256');
    rs = issuer.addKey('RS256');
    issuer.addKey('EdDSA');
    verifier = make();
    await verifier.warm();
  });
  after(() => issuer.close());

  test('typ: at+jwt and application/at+jwt in any case are accepted', async () => {
    for (const typ of ['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT']) {
      const claims = await verifier.verify(await issuer.sign(es, issuer.claims(), { typ }));
      assert.equal(claims.client_id, 'client-1');
    }
  });

  test('ERR_TYP_INVALID: JWT, no typ, or another type (an ID token is not an access token)', async () => {
    for (const typ of ['JWT', undefined, 'application/jwt', 'at+jwt; x']) {
      const token = await issuer.sign(es, issuer.claims(), { typ });
      await rejectsWithCode(verifier.verify(token), 'ERR_TYP_INVALID', {
        claim: 'typ',
        actual: typ,
        expected: 'at+jwt',
      });
    }
  });

  test('ERR_ALG_NOT_ALLOWED: none, HS256 with the public key as secret, a header alg that does not fit the key', async () => {
    const claims = issuer.claims();
    await rejectsWithCode(
      verifier.verify(craft({ alg: 'none', typ: 'at+jwt', kid: es.kid }, claims)),
      'ERR_ALG_NOT_ALLOWED',
      {
        claim: 'alg',
        actual: 'none',
        expected: ['ES256', 'RS256', 'EdDSA'],
      },
    );
    await rejectsWithCode(verifier.verify(hmacWithPublicKey(rs, claims)), 'ERR_ALG_NOT_ALLOWED', {
      claim: 'alg',
      actual: 'HS256',
      expected: ['ES256', 'RS256', 'EdDSA'],
    });
    // The RSA key signs, but the header names the EC key's kid: the kid's key decides.
    const mismatched = await issuer.sign(rs, claims, { kid: es.kid });
    await rejectsWithCode(verifier.verify(mismatched), 'ERR_ALG_NOT_ALLOWED', {
      claim: 'alg',
      actual: 'RS256',
      expected: 'ES256',
    });
  });

  test('algorithms beyond the defaults: PS256 and ES384 when allowed, and a JWK without alg', async () => {
    const ps = issuer.addKey('PS256');
    const es384 = issuer.addKey('ES384');
    const wide = make({ algorithms: ['PS256', 'ES384'] });
    assert.equal((await wide.verify(await issuer.sign(ps, issuer.claims()))).sub, 'client-1');
    assert.equal((await wide.verify(await issuer.sign(es384, issuer.claims()))).sub, 'client-1');
    await rejectsWithCode(verifier.verify(await issuer.sign(ps, issuer.claims())), 'ERR_ALG_NOT_ALLOWED');
    // PS256 with an RSA JWK pinned to RS256 is a mismatch even though the key could do it.
    await rejectsWithCode(
      make({ algorithms: ['PS256', 'RS256'] }).verify(
        await issuer.sign({ ...rs, alg: 'PS256' }, issuer.claims()),
      ),
      'ERR_ALG_NOT_ALLOWED',
      { claim: 'alg', actual: 'PS256', expected: 'RS256' },
    );
  });

  test('ERR_TOKEN_MALFORMED: no kid, a crit extension, missing or mistyped claims', async () => {
    const claims = issuer.claims();
    await rejectsWithCode(
      verifier.verify(await issuer.sign(es, claims, { kid: undefined })),
      'ERR_TOKEN_MALFORMED',
      {
        claim: 'kid',
        actual: undefined,
        expected: 'a key id',
      },
    );
    await rejectsWithCode(
      verifier.verify(
        signRaw(es, { alg: 'ES256', typ: 'at+jwt', kid: es.kid, crit: ['x-bind'], 'x-bind': 1 }, claims),
      ),
      'ERR_TOKEN_MALFORMED',
      (failed) => assert.equal(failed?.claim, 'crit'),
    );
    for (const [claim, value, type] of [
      ['jti', undefined, 'string'],
      ['client_id', 42, 'string'],
      ['sub', undefined, 'string'],
      ['exp', '2099', 'number'],
      ['iat', undefined, 'number'],
      ['nbf', 'soon', 'number'],
      ['scope', ['read'], 'string'],
    ] as const) {
      const token = await issuer.sign(es, { ...claims, [claim]: value });
      await rejectsWithCode(verifier.verify(token), 'ERR_TOKEN_MALFORMED', {
        claim,
        actual: value,
        expected: type,
      });
    }
    // A payload that is not JSON, under a valid signature: malformed, not a crash.
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: es.kid })).toString(
      'base64url',
    );
    const notJson = `${header}.${Buffer.from('not json').toString('base64url')}`;
    await rejectsWithCode(
      verifier.verify(`${notJson}.${signRaw(es, {}, {}).split('.')[2]}`),
      'ERR_TOKEN_MALFORMED',
    );
  });

  test('ERR_TOKEN_NOT_YET_VALID: nbf beyond the tolerance; within it passes', async () => {
    const now = nowSeconds();
    const early = await issuer.sign(es, issuer.claims({ nbf: now + 60 }));
    await rejectsWithCode(verifier.verify(early), 'ERR_TOKEN_NOT_YET_VALID', (failed) => {
      assert.equal(failed?.claim, 'nbf');
      assert.equal(failed?.actual, now + 60);
    });
    assert.equal(
      (await verifier.verify(await issuer.sign(es, issuer.claims({ nbf: now + 3 })))).nbf,
      now + 3,
    );
    assert.equal((await make({ clockToleranceSeconds: 120 }).verify(early)).nbf, now + 60);
  });

  test('aud as an array, and a token without scope (scope "" and no scopes)', async () => {
    const claims = await verifier.verify(
      await issuer.sign(es, issuer.claims({ aud: ['billing', 'orders'], scope: undefined })),
    );
    assert.deepEqual(claims.aud, ['billing', 'orders']);
    assert.equal(claims.scope, '');
    assert.deepEqual(claims.scopes, []);
    await rejectsWithCode(
      verifier.verify(await issuer.sign(es, issuer.claims({ scope: undefined })), {
        requiredScopes: ['read'],
      }),
      'ERR_INSUFFICIENT_SCOPE',
      { claim: 'scope', actual: [], expected: ['read'] },
    );
    await rejectsWithCode(
      verifier.verify(await issuer.sign(es, issuer.claims({ aud: undefined }))),
      'ERR_AUDIENCE_MISMATCH',
    );
  });

  test('ERR_SIGNATURE_INVALID: signed by another key under a published kid', async () => {
    const impostor = { ...issuer.addKey('ES256', 'impostor'), kid: es.kid };
    issuer.keys.pop();
    await rejectsWithCode(
      verifier.verify(await issuer.sign(impostor, issuer.claims())),
      'ERR_SIGNATURE_INVALID',
    );
  });

  test('a JWKS with unusable keys keeps the usable ones (symmetric, enc, no kid, private members are skipped)', async () => {
    const good = issuer.keys[0];
    assert.ok(good);
    const jwk = { ...good.publicKey.export({ format: 'jwk' }), kid: good.kid, alg: good.alg };
    const fresh = await FakeIssuer.start();
    try {
      fresh.jwksOverride = {
        keys: [
          { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
          { ...jwk, kid: 'enc', use: 'enc' },
          { ...jwk, kid: undefined },
          { ...good.privateKey.export({ format: 'jwk' }), kid: 'private' },
          { kty: 'XYZ', kid: 'weird' },
          jwk,
        ],
      };
      const v = createVerifier({
        issuer: issuer.issuer,
        audience: 'orders',
        jwksUri: fresh.jwksUri,
        revocation: false,
      });
      await v.warm();
      assert.deepEqual(
        v.exportCache().jwks.keys.map((k) => k.kid),
        [good.kid],
      );
      fresh.jwksOverride = { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }] };
      const none = createVerifier({
        issuer: issuer.issuer,
        audience: 'orders',
        jwksUri: fresh.jwksUri,
        revocation: false,
      });
      await assert.rejects(none.warm(), { code: 'ERR_JWKS_UNAVAILABLE', message: /no usable signing key/ });
    } finally {
      await fresh.close();
    }
  });

  test('metadata naming another issuer is refused (RFC 8414 §3.3)', async () => {
    const v = createVerifier({ issuer: `${issuer.issuer}/tenant`, audience: 'orders', revocation: false });
    await assert.rejects(v.warm(), { code: 'ERR_JWKS_UNAVAILABLE', message: /404|issuer is/ });
  });
});

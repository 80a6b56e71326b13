import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import type { SigningAlg } from '@gatehouse/jws';
import {
  exportPrivateKey,
  generateSigningKey,
  importPrivateKey,
  jwkThumbprint,
  toPublicJwk,
} from '../../src/crypto/keys.js';

const ALGS: SigningAlg[] = ['ES256', 'RS256', 'EdDSA'];
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

describe('signing keys', () => {
  test('generateSigningKey makes the documented key types', () => {
    const es = generateSigningKey('ES256').publicKey;
    assert.equal(es.asymmetricKeyType, 'ec');
    assert.equal(es.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const rs = generateSigningKey('RS256').publicKey;
    assert.equal(rs.asymmetricKeyType, 'rsa');
    assert.equal(rs.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(rs.asymmetricKeyDetails?.publicExponent, 65537n);
    assert.equal(generateSigningKey('EdDSA').publicKey.asymmetricKeyType, 'ed25519');
  });

  for (const alg of ALGS) {
    test(`${alg}: public JWK has only public members, kid, alg and use`, () => {
      const { privateKey, publicKey } = generateSigningKey(alg);
      const expected = {
        ES256: ['crv', 'kty', 'x', 'y'],
        RS256: ['e', 'kty', 'n'],
        EdDSA: ['crv', 'kty', 'x'],
      }[alg];
      for (const key of [publicKey, privateKey]) {
        const jwk = toPublicJwk(key, alg, 'kid-1');
        assert.deepEqual(Object.keys(jwk).sort(), [...expected, 'alg', 'kid', 'use'].sort());
        assert.equal(jwk.use, 'sig');
        assert.equal(jwk.alg, alg);
        assert.equal(jwk.kid, 'kid-1');
        for (const m of PRIVATE_MEMBERS) assert.equal(m in jwk, false);
      }
    });

    test(`${alg}: thumbprint matches jose calculateJwkThumbprint`, async () => {
      const { privateKey, publicKey } = generateSigningKey(alg);
      const jwk = toPublicJwk(publicKey, alg, 'ignored');
      const thumbprint = jwkThumbprint(publicKey);
      assert.equal(thumbprint, await calculateJwkThumbprint(jwk, 'sha256'));
      assert.match(thumbprint, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(jwkThumbprint(privateKey), thumbprint);
    });

    test(`${alg}: PKCS#8 export and import round trip`, () => {
      const { privateKey } = generateSigningKey(alg);
      const der = exportPrivateKey(privateKey);
      const again = importPrivateKey(der);
      assert.equal(again.type, 'private');
      assert.ok(again.equals(privateKey));
    });
  }

  test('toPublicJwk refuses a key that does not fit the alg', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    assert.throws(() => toPublicJwk(p384, 'ES256', 'k'), TypeError);
    assert.throws(() => toPublicJwk(generateSigningKey('EdDSA').publicKey, 'RS256', 'k'), TypeError);
  });

  test('exportPrivateKey refuses a public key', () => {
    assert.throws(() => exportPrivateKey(generateSigningKey('ES256').publicKey), TypeError);
  });
});

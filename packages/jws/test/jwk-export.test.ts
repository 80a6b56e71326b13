import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import { jwkThumbprint, publicJwkMembers } from '../src/index.js';

const KEYS: [string, () => { privateKey: KeyObject; publicKey: KeyObject }, string[]][] = [
  ['EC P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }), ['crv', 'kty', 'x', 'y']],
  ['RSA 2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }), ['e', 'kty', 'n']],
  ['Ed25519', () => generateKeyPairSync('ed25519'), ['crv', 'kty', 'x']],
];

describe('JWK export', () => {
  for (const [name, make, members] of KEYS) {
    test(`${name}: a private key gives only its public members, and the thumbprint is RFC 7638's`, async () => {
      const { privateKey, publicKey } = make();
      const fromPrivate = publicJwkMembers(privateKey);
      assert.deepEqual(Object.keys(fromPrivate).sort(), members);
      assert.deepEqual(fromPrivate, publicJwkMembers(publicKey));
      const thumbprint = jwkThumbprint(privateKey);
      assert.equal(thumbprint, await calculateJwkThumbprint(fromPrivate, 'sha256'));
      assert.equal(jwkThumbprint(publicKey), thumbprint);
    });
  }

  test('a key that has no JWK form for signatures is refused', () => {
    const { publicKey } = generateKeyPairSync('x25519');
    assert.throws(() => publicJwkMembers(publicKey), TypeError);
  });
});

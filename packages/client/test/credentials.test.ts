import * as assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { decodeJwt, verifyJwsSignature } from '@gatehouse/jws';
import { readAssertionKey } from '../src/assertion-key.js';
import { createAssertionSigner } from '../src/assertion.js';
import { basicAuthorization } from '../src/credentials.js';

/** How the server (and RFC 6749 §2.3.1) reads each half of Basic credentials. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

describe('client_secret_basic encoding', () => {
  test('each half is form-encoded before joining, so ":" "+" "%" and spaces survive', () => {
    const clientId = 'svc:orders é';
    const secret = 'p@ss w+rd/%:=&!*~';
    const header = basicAuthorization(clientId, secret);
    assert.match(header, /^Basic [A-Za-z0-9+/]+=*$/);
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    assert.equal(decoded.slice(0, colon), 'svc%3Aorders+%C3%A9');
    assert.equal(formDecode(decoded.slice(0, colon)), clientId);
    assert.equal(formDecode(decoded.slice(colon + 1)), secret);
  });
});

describe('private_key_jwt assertions', () => {
  const keys: [string, KeyObject, string][] = [
    ['P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256'],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'ES384'],
    ['P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, 'ES512'],
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'RS256'],
    ['RSA-PSS', generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey, 'PS256'],
    ['Ed25519', generateKeyPairSync('ed25519').privateKey, 'EdDSA'],
    ['Ed448', generateKeyPairSync('ed448').privateKey, 'EdDSA'],
  ];
  for (const [name, privateKey, alg] of keys) {
    test(`a ${name} key signs ${alg} by default, verifiable by @gatehouse/jws`, () => {
      const key = readAssertionKey(privateKey, 'kid-1', undefined);
      assert.equal(key.alg, alg);
      const jwt = createAssertionSigner('client-9', key)(
        'https://auth.example.com/oauth2/token',
        1_700_000_000_500,
      );
      const decoded = decodeJwt(jwt);
      assert.deepEqual(decoded.header, { alg, kid: 'kid-1' });
      assert.deepEqual(Object.keys(decoded.payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
      assert.equal(decoded.payload.iat, 1_700_000_000);
      assert.equal(decoded.payload.exp, 1_700_000_060);
      assert.equal(decoded.payload.aud, 'https://auth.example.com/oauth2/token');
      assert.ok(
        verifyJwsSignature(key.alg, createPublicKey(privateKey), decoded.signingInput, decoded.signature),
      );
    });
  }

  test('an RSA key signs PS256 when asked', () => {
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const key = readAssertionKey(privateKey, undefined, 'PS256');
    const decoded = decodeJwt(createAssertionSigner('c', key)('aud', Date.now()));
    assert.deepEqual(decoded.header, { alg: 'PS256' });
    assert.ok(
      verifyJwsSignature('PS256', createPublicKey(privateKey), decoded.signingInput, decoded.signature),
    );
  });

  test('a JWK lends its kid and alg unless the options say otherwise', () => {
    const jwk = {
      ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    };
    const fromJwk = readAssertionKey({ ...jwk, kid: 'jwk-kid', alg: 'PS256' }, undefined, undefined);
    assert.equal(fromJwk.kid, 'jwk-kid');
    assert.equal(fromJwk.alg, 'PS256');
    const overridden = readAssertionKey({ ...jwk, kid: 'jwk-kid', alg: 'PS256' }, 'mine', 'RS256');
    assert.equal(overridden.kid, 'mine');
    assert.equal(overridden.alg, 'RS256');
  });
});

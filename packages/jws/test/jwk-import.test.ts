import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { describe, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { importPublicJwks, JwksError, selectKeys } from '../src/index.js';

async function publicJwk(alg: string, crv?: string): Promise<Record<string, unknown>> {
  const { publicKey } = await generateKeyPair(alg, crv === undefined ? {} : { crv });
  return { ...(await exportJWK(publicKey)) };
}

function nodeJwk(type: 'ed448' | 'rsa1024' | 'x25519'): JsonWebKey {
  if (type === 'rsa1024')
    return generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  return generateKeyPairSync(type as 'ed448').publicKey.export({ format: 'jwk' });
}

function rejects(jwks: unknown, message: RegExp): void {
  assert.throws(
    () => importPublicJwks(jwks),
    (err: unknown) => err instanceof JwksError && message.test(err.message),
  );
}

describe('importPublicJwks', () => {
  test('accepts jose-generated EC, RSA and OKP public keys', async () => {
    const keys = [
      { ...(await publicJwk('ES256')), kid: 'a', alg: 'ES256', use: 'sig' },
      await publicJwk('ES384'),
      await publicJwk('ES512'),
      { ...(await publicJwk('RS256')), kid: 'b' },
      { ...(await publicJwk('PS256')), alg: 'PS256' },
      { ...(await publicJwk('Ed25519')), alg: 'EdDSA' },
      nodeJwk('ed448'),
    ];
    const imported = importPublicJwks({ keys });
    assert.equal(imported.length, keys.length);
    assert.equal(imported[0]?.kid, 'a');
    assert.equal(imported[0]?.alg, 'ES256');
    assert.equal(imported[1]?.kid, undefined);
    assert.deepEqual(
      imported.map((k) => k.key.asymmetricKeyType),
      ['ec', 'ec', 'ec', 'rsa', 'rsa', 'ed25519', 'ed448'],
    );
    for (const k of imported) assert.equal(k.key.type, 'public');
  });

  test('rejects symmetric keys', () => {
    rejects(
      { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] },
      /^keys\[0\]: symmetric keys \(kty "oct"\) are not accepted$/,
    );
  });

  test('rejects private key members, naming the key index', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const good = await publicJwk('ES256');
    rejects({ keys: [good, await exportJWK(privateKey)] }, /^keys\[1\]: private key members \(d\)/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    rejects({ keys: [rsa] }, /^keys\[0\]: private key members \(d, p, q, dp, dq, qi\)/);
  });

  test('rejects RSA keys under 2048 bits', () => {
    rejects({ keys: [nodeJwk('rsa1024')] }, /^keys\[0\]: RSA keys must be at least 2048 bits, got 1024$/);
  });

  test('rejects use other than sig, and key_ops without verify', async () => {
    rejects({ keys: [{ ...(await publicJwk('ES256')), use: 'enc' }] }, /^keys\[0\]: "use" must be "sig"/);
    rejects({ keys: [{ ...(await publicJwk('ES256')), key_ops: ['encrypt'] }] }, /key_ops/);
  });

  test('rejects an alg that is not an accepted assertion alg, or that does not fit the key', async () => {
    for (const alg of ['HS256', 'none', 'RSA-OAEP', 42]) {
      rejects({ keys: [{ ...(await publicJwk('RS256')), alg }] }, /^keys\[0\]: "alg" must be one of/);
    }
    rejects({ keys: [{ ...(await publicJwk('RS256')), alg: 'ES256' }] }, /does not fit/);
    rejects({ keys: [{ ...(await publicJwk('ES384')), alg: 'ES256' }] }, /does not fit/);
  });

  test('rejects unsupported curves, unknown kty and broken keys', async () => {
    rejects({ keys: [nodeJwk('x25519')] }, /OKP curve must be Ed25519 or Ed448/);
    rejects({ keys: [{ ...(await publicJwk('ES256')), crv: 'secp256k1' }] }, /EC curve must be/);
    rejects({ keys: [{ kty: 'AKP', pub: 'x' }] }, /kty must be/);
    rejects({ keys: [{ ...(await publicJwk('ES256')), y: undefined }] }, /"y" is missing/);
    const ec = await publicJwk('ES256');
    rejects({ keys: [{ ...ec, x: ec.y, y: ec.x }] }, /not a valid EC public key/);
    rejects({ keys: ['nope'] }, /^keys\[0\]: must be a JSON object$/);
    rejects({ keys: [{ ...ec, kid: 7 }] }, /"kid" must be a string/);
  });

  test('rejects a malformed, empty or oversized set', async () => {
    rejects(null, /"keys" array/);
    rejects([], /"keys" array/);
    rejects({ keys: {} }, /"keys" array/);
    rejects({ keys: [] }, /at least one key/);
    const key = await publicJwk('ES256');
    assert.equal(importPublicJwks({ keys: Array(20).fill(key) }).length, 20);
    rejects({ keys: Array(21).fill(key) }, /at most 20 keys, got 21/);
  });
});

describe('selectKeys', () => {
  test('matches kid when given, alg when pinned, and key type always', async () => {
    const keys = importPublicJwks({
      keys: [
        { ...(await publicJwk('ES256')), kid: 'a', alg: 'ES256' },
        { ...(await publicJwk('ES256')), kid: 'b' },
        { ...(await publicJwk('RS256')), kid: 'c', alg: 'PS256' },
        { ...(await publicJwk('RS256')), kid: 'd' },
      ],
    });
    const [a, b, c, d] = keys.map((k) => k.key);
    assert.deepEqual(selectKeys(keys, 'a', 'ES256'), [a]);
    assert.deepEqual(selectKeys(keys, 'a', 'ES384'), []);
    assert.deepEqual(selectKeys(keys, 'zzz', 'ES256'), []);
    assert.deepEqual(selectKeys(keys, undefined, 'ES256'), [a, b]);
    assert.deepEqual(selectKeys(keys, undefined, 'PS256'), [c, d]);
    assert.deepEqual(selectKeys(keys, undefined, 'RS256'), [d]);
    assert.deepEqual(selectKeys(keys, 'c', 'RS256'), []);
    assert.deepEqual(selectKeys(keys, 'b', 'EdDSA'), []);
  });
});

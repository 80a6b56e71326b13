import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import {
  importPublicJwks,
  importUsableJwks,
  JwksError,
  MAX_CANDIDATES_WITHOUT_KID,
  MAX_JWKS_KEYS,
  selectKeys,
} from '../src/index.js';

async function publicJwk(alg: string, crv?: string): Promise<Record<string, unknown>> {
  const { publicKey } = await generateKeyPair(alg, crv === undefined ? {} : { crv });
  return { ...(await exportJWK(publicKey)) };
}

function nodeJwk(type: 'ed448' | 'rsa1024' | 'x25519'): JsonWebKey {
  if (type === 'rsa1024')
    return generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  return generateKeyPairSync(type as 'ed448').publicKey.export({ format: 'jwk' });
}

const rsaCache = new Map<number, JsonWebKey>();
function rsaJwk(modulusLength: number): JsonWebKey {
  let jwk = rsaCache.get(modulusLength);
  if (!jwk) {
    jwk = generateKeyPairSync('rsa', { modulusLength }).publicKey.export({ format: 'jwk' });
    rsaCache.set(modulusLength, jwk);
  }
  return jwk;
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
    rejects({ keys: [nodeJwk('rsa1024')] }, /^keys\[0\]: RSA keys must have 2048 to 4096 bits, got 1024$/);
  });

  test('accepts RSA from 2048 to 4096 bits with exponent 65537, written minimally or not', () => {
    for (const modulusLength of [2048, 3072, 4096]) {
      const jwk = generateKeyPairSync('rsa', { modulusLength }).publicKey.export({ format: 'jwk' });
      assert.equal(
        importPublicJwks({ keys: [jwk] })[0]?.key.asymmetricKeyDetails?.modulusLength,
        modulusLength,
      );
    }
    const jwk = rsaJwk(2048);
    assert.equal(importPublicJwks({ keys: [{ ...jwk, e: 'AAEAAQ' }] }).length, 1);
  });

  test('rejects RSA moduli over 4096 bits, before and after parsing them', () => {
    // Any odd number of the right size parses as a modulus; no need to generate a real one.
    const modulus = (bits: number) => {
      const octets = randomBytes(Math.ceil(bits / 8));
      octets[0] = (octets[0] ?? 0) | 0x80;
      octets[octets.length - 1] = (octets[octets.length - 1] ?? 0) | 1;
      return octets.toString('base64url');
    };
    rejects(
      { keys: [{ kty: 'RSA', kid: 'big', n: modulus(4104), e: 'AQAB' }] },
      /^keys\[0\] \(kid "big"\): RSA keys must have 2048 to 4096 bits, got 4104$/,
    );
    rejects(
      { keys: [{ kty: 'RSA', n: modulus(16384), e: 'AQAB' }] },
      /^keys\[0\]: RSA keys must have 2048 to 4096 bits, got 16384$/,
    );
    const padded = Buffer.concat([Buffer.alloc(4), Buffer.from(rsaJwk(2048).n ?? '', 'base64url')]);
    assert.equal(
      importPublicJwks({ keys: [{ ...rsaJwk(2048), n: padded.toString('base64url') }] }).length,
      1,
    );
  });

  test('rejects RSA exponents other than 65537, naming the key and the rule', () => {
    const three = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const jwk = three.publicKey.export({ format: 'jwk' });
    rejects(
      {
        keys: [
          { ...rsaJwk(2048), kid: 'ok' },
          { ...jwk, kid: 'small-e' },
        ],
      },
      /^keys\[1\] \(kid "small-e"\): RSA keys must use the public exponent 65537 \("AQAB"\), got a 2-bit exponent$/,
    );
    // The expensive shape: a 3072-bit modulus with an exponent nearly as long.
    const huge = Buffer.alloc(383, 0xff);
    huge[0] = 0x7f;
    rejects(
      { keys: [{ ...rsaJwk(3072), e: huge.toString('base64url') }] },
      /^keys\[0\]: RSA keys must use the public exponent 65537 \("AQAB"\), got a 3063-bit exponent$/,
    );
    rejects({ keys: [{ ...rsaJwk(2048), e: 'AQAA' }] }, /exponent 65537/);
  });

  test('rejects a kid used twice', async () => {
    const a = { ...(await publicJwk('ES256')), kid: 'same' };
    const b = { ...(await publicJwk('ES256')), kid: 'same' };
    rejects(
      { keys: [a, b] },
      /^keys\[1\] \(kid "same"\): the same kid as keys\[0\]; each kid must be unique$/,
    );
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
    rejects(
      { keys: [{ ...(await publicJwk('ES256')), kid: 'k1', crv: 'P-192' }] },
      /^keys\[0\] \(kid "k1"\): EC curve must be P-256, P-384 or P-521, got "P-192"$/,
    );
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
    assert.equal(MAX_JWKS_KEYS, 10);
    assert.equal(importPublicJwks({ keys: Array(10).fill(key) }).length, 10);
    rejects({ keys: Array(11).fill(key) }, /^a JWKS may hold at most 10 keys, got 11$/);
  });
});

describe('importUsableJwks', () => {
  test('keeps the keys that follow the rules and says why it left out the others', async () => {
    const good = { ...(await publicJwk('ES256')), kid: 'good' };
    const three = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const result = importUsableJwks({
      keys: [
        { ...three.publicKey.export({ format: 'jwk' }), kid: 'small-e' },
        good,
        { ...(await publicJwk('ES256')), kid: 'good' },
        { kty: 'oct', k: 'c2VjcmV0' },
        { ...(await publicJwk('ES256')), use: 'enc' },
      ],
    });
    assert.deepEqual(
      result.keys.map((k) => k.kid),
      ['good'],
    );
    assert.equal(result.skipped.length, 4);
    assert.match(
      result.skipped[0] ?? '',
      /^keys\[0\] \(kid "small-e"\): RSA keys must use the public exponent 65537/,
    );
    assert.match(result.skipped[1] ?? '', /^keys\[2\] \(kid "good"\): the same kid as an earlier key$/);
    assert.match(result.skipped[2] ?? '', /^keys\[3\]: symmetric keys/);
    assert.match(result.skipped[3] ?? '', /^keys\[4\]: "use" must be "sig"/);
  });

  test('looks at the first ten entries only', async () => {
    const keys = await Promise.all(
      Array.from({ length: 25 }, async (_, i) => ({ ...(await publicJwk('ES256')), kid: `k${i}` })),
    );
    const result = importUsableJwks({ keys });
    assert.deepEqual(
      result.keys.map((k) => k.kid),
      keys.slice(0, 10).map((k) => k.kid),
    );
    assert.deepEqual(result.skipped, ['keys[10] and later: a JWKS may hold at most 10 keys']);
  });

  test('throws only for a document that is not a JWKS', () => {
    for (const bad of [null, [], { keys: {} }, 'keys']) {
      assert.throws(() => importUsableJwks(bad), JwksError);
    }
    assert.deepEqual(importUsableJwks({ keys: [] }), { keys: [], skipped: [] });
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

  test('without kid, tries a bounded number of the keys that fit', async () => {
    const keys = importPublicJwks({
      keys: await Promise.all(
        Array.from({ length: 8 }, async (_, i) => ({ ...(await publicJwk('ES256')), kid: `k${i}` })),
      ),
    });
    assert.equal(MAX_CANDIDATES_WITHOUT_KID, 3);
    assert.deepEqual(
      selectKeys(keys, undefined, 'ES256'),
      keys.slice(0, 3).map((k) => k.key),
    );
    assert.deepEqual(selectKeys(keys, 'k7', 'ES256'), [keys[7]?.key]);
  });
});

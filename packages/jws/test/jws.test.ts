import * as assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject, sign } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import {
  ASSERTION_ALGS,
  type AssertionAlg,
  createAsyncJwtSigner,
  createJwtSigner,
  decodeJwt,
  JwtFormatError,
  type SigningAlg,
  verifyJwsSignature,
  verifyJwsSignatureAsync,
} from '../src/index.js';

function generateSigningKey(alg: SigningAlg) {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (alg === 'RS256') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ed25519');
}

function toPublicJwk(publicKey: KeyObject, alg: SigningAlg, kid: string): JsonWebKey {
  return { ...publicKey.export({ format: 'jwk' }), alg, kid, use: 'sig' };
}

const SIGNING_ALGS: SigningAlg[] = ['ES256', 'RS256', 'EdDSA'];
const payload = { iss: 'https://gatehouse.test', sub: 'client-1', aud: 'lj-health-food', jti: 'é✓', n: 1 };

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function tamper(token: string, part: 1 | 2): string {
  const parts = token.split('.');
  if (part === 1) parts[1] = b64({ ...payload, sub: 'someone-else' });
  else {
    const sig = Buffer.from(parts[2] ?? '', 'base64url');
    sig[0] = (sig[0] ?? 0) ^ 1;
    parts[2] = sig.toString('base64url');
  }
  return parts.join('.');
}

describe('createJwtSigner for client assertions', () => {
  const pairs = {
    ES384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    ES512: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }),
    PS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
    RS384: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  } as const;
  for (const [alg, make] of Object.entries(pairs) as [
    AssertionAlg,
    () => ReturnType<typeof generateKeyPairSync>,
  ][]) {
    test(`${alg} without typ or kid verifies`, () => {
      const { privateKey, publicKey } = make() as unknown as { privateKey: KeyObject; publicKey: KeyObject };
      const token = createJwtSigner(alg, privateKey)({ sub: 'client' });
      const decoded = decodeJwt(token);
      assert.deepEqual(decoded.header, { alg });
      assert.equal(verifyJwsSignature(alg, publicKey, decoded.signingInput, decoded.signature), true);
    });
  }
});

describe('createAsyncJwtSigner', () => {
  for (const alg of SIGNING_ALGS) {
    test(`${alg}: signs on the thread pool what the sync signer would, and jose verifies it`, async () => {
      const { privateKey, publicKey } = generateSigningKey(alg);
      const sign = createAsyncJwtSigner(alg, privateKey, { kid: 'kid-1', typ: 'at+jwt' });
      const tokens = await Promise.all([sign(payload), sign({ ...payload, jti: 'other' })]);
      const joseKey = await importJWK(toPublicJwk(publicKey, alg, 'kid-1'), alg);
      for (const token of tokens) {
        assert.deepEqual(decodeProtectedHeader(token), { alg, typ: 'at+jwt', kid: 'kid-1' });
        await compactVerify(token, joseKey, { algorithms: [alg] });
        const decoded = decodeJwt(token);
        assert.equal(verifyJwsSignature(alg, publicKey, decoded.signingInput, decoded.signature), true);
        if (alg === 'ES256') assert.equal(decoded.signature.length, 64);
      }
      assert.equal(decodeJwt(tokens[1] ?? '').payload.jti, 'other');
    });
  }

  test('refuses a key that cannot sign the algorithm, at preparation', () => {
    const { privateKey } = generateSigningKey('RS256');
    assert.throws(() => createAsyncJwtSigner('ES256', privateKey), TypeError);
  });
});

describe('createJwtSigner', () => {
  for (const alg of SIGNING_ALGS) {
    test(`${alg}: verifies with jose and with verifyJwsSignature`, async () => {
      const { privateKey, publicKey } = generateSigningKey(alg);
      const token = createJwtSigner(alg, privateKey, { kid: 'kid-1', typ: 'at+jwt' })(payload);

      assert.deepEqual(decodeProtectedHeader(token), { alg, typ: 'at+jwt', kid: 'kid-1' });
      const joseKey = await importJWK(toPublicJwk(publicKey, alg, 'kid-1'), alg);
      const verified = await compactVerify(token, joseKey, { algorithms: [alg] });
      assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), payload);

      const decoded = decodeJwt(token);
      assert.deepEqual(decoded.payload, payload);
      assert.equal(verifyJwsSignature(alg, publicKey, decoded.signingInput, decoded.signature), true);
      if (alg === 'ES256') assert.equal(decoded.signature.length, 64);
    });

    test(`${alg}: tampered payload or signature fails`, async () => {
      const { privateKey, publicKey } = generateSigningKey(alg);
      const token = createJwtSigner(alg, privateKey, { kid: 'k', typ: 'at+jwt' })(payload);
      const joseKey = await importJWK(toPublicJwk(publicKey, alg, 'k'), alg);
      for (const bad of [tamper(token, 1), tamper(token, 2)]) {
        const d = decodeJwt(bad);
        assert.equal(verifyJwsSignature(alg, publicKey, d.signingInput, d.signature), false);
        await assert.rejects(compactVerify(bad, joseKey));
      }
    });
  }

  test('reuses the prepared header and signs fresh each call', () => {
    const { privateKey } = generateSigningKey('ES256');
    const signer = createJwtSigner('ES256', privateKey, { kid: 'k', typ: 'at+jwt' });
    const a = signer({ jti: '1' });
    const b = signer({ jti: '2' });
    assert.equal(a.split('.')[0], b.split('.')[0]);
    assert.notEqual(a.split('.')[2], b.split('.')[2]);
  });

  test('rejects, at preparation, a key that cannot sign the alg', () => {
    const ec = generateSigningKey('ES256');
    const rsa = generateSigningKey('RS256');
    assert.throws(() => createJwtSigner('RS256', ec.privateKey, { kid: 'k', typ: 'at+jwt' }), TypeError);
    assert.throws(() => createJwtSigner('ES256', rsa.privateKey, { kid: 'k', typ: 'at+jwt' }), TypeError);
    assert.throws(() => createJwtSigner('ES256', ec.publicKey, { kid: 'k', typ: 'at+jwt' }), TypeError);
  });
});

describe('verifyJwsSignature', () => {
  const joseAlgs = ASSERTION_ALGS.filter((alg) => alg !== 'EdDSA');
  for (const alg of joseAlgs) {
    test(`${alg}: accepts a jose-signed JWS`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const token = await new CompactSign(Buffer.from('{"a":1}'))
        .setProtectedHeader({ alg })
        .sign(privateKey);
      const d = decodeJwt(token);
      const nodeKey = createPublicKey({ key: (await exportJWK(publicKey)) as JsonWebKey, format: 'jwk' });
      assert.equal(verifyJwsSignature(alg, nodeKey, d.signingInput, d.signature), true);
      const tampered = Buffer.from(d.signature);
      tampered[5] = (tampered[5] ?? 0) ^ 0xff;
      assert.equal(verifyJwsSignature(alg, nodeKey, d.signingInput, tampered), false);
    });
  }

  for (const type of ['ed25519', 'ed448'] as const) {
    test(`EdDSA with ${type}`, () => {
      const { privateKey, publicKey } = generateKeyPairSync(type as 'ed25519');
      const input = `${b64({ alg: 'EdDSA' })}.${b64({ a: 1 })}`;
      const sig = sign(null, Buffer.from(input), privateKey);
      assert.equal(verifyJwsSignature('EdDSA', publicKey, input, sig), true);
      assert.equal(verifyJwsSignature('EdDSA', publicKey, `${input}x`, sig), false);
    });
  }

  test('returns false for a key that does not fit the alg', () => {
    const input = `${b64({ alg: 'ES256' })}.${b64({ a: 1 })}`;
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sig = sign('sha256', Buffer.from(input), { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const ed = generateKeyPairSync('ed25519').publicKey;
    assert.equal(verifyJwsSignature('ES256', p256.publicKey, input, sig), true);
    assert.equal(verifyJwsSignature('ES256', rsa, input, sig), false);
    assert.equal(verifyJwsSignature('ES256', p384, input, sig), false);
    assert.equal(verifyJwsSignature('ES384', p256.publicKey, input, sig), false);
    assert.equal(verifyJwsSignature('EdDSA', p256.publicKey, input, sig), false);
    assert.equal(verifyJwsSignature('RS256', ed, input, sig), false);
    assert.equal(verifyJwsSignature('HS256' as AssertionAlg, p256.publicKey, input, sig), false);
    assert.equal(verifyJwsSignature('__proto__' as AssertionAlg, p256.publicKey, input, sig), false);
  });

  test('returns false for an ES signature of the wrong length (e.g. DER)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const input = 'a.b';
    const der = sign('sha256', Buffer.from(input), privateKey);
    assert.equal(verifyJwsSignature('ES256', publicKey, input, der), false);
    assert.equal(verifyJwsSignature('ES256', publicKey, input, Buffer.alloc(0)), false);
  });

  test('returns false for RSA below 2048 bits, even with a valid signature', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const input = 'a.b';
    const sig = sign('sha256', Buffer.from(input), privateKey);
    assert.equal(verifyJwsSignature('RS256', publicKey, input, sig), false);
  });

  test('returns false, never throws, for an rsa-pss key used with RS256', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const input = 'a.b';
    const sig = sign('sha256', Buffer.from(input), privateKey);
    assert.equal(verifyJwsSignature('RS256', publicKey, input, sig), false);
  });
});

describe('decodeJwt', () => {
  const h = b64({ alg: 'ES256' });
  const p = b64({ sub: 'x' });
  const malformed: Record<string, string> = {
    'two parts': `${h}.${p}`,
    'four parts': `${h}.${p}.c2ln.c2ln`,
    'empty header': `.${p}.c2ln`,
    'empty payload': `${h}..c2ln`,
    'empty signature': `${h}.${p}.`,
    'padding in a part': `${h}.${p}.c2ln=`,
    'standard base64 chars': `${h}.${p}.c2l+/w`,
    'impossible base64url length': `${h}.${p}.c2lnb`,
    'header not JSON': `${Buffer.from('nope').toString('base64url')}.${p}.c2ln`,
    'header a JSON array': `${b64([1])}.${p}.c2ln`,
    'payload a JSON string': `${h}.${b64('str')}.c2ln`,
    'payload null': `${h}.${b64(null)}.c2ln`,
    'payload not UTF-8': `${h}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.c2ln`,
    'longer than 16 KiB': `${h}.${b64({ pad: 'x'.repeat(13_000) })}.c2ln`,
  };
  for (const [name, token] of Object.entries(malformed)) {
    test(`rejects: ${name}`, () => {
      assert.throws(
        () => decodeJwt(token),
        (err: unknown) => err instanceof JwtFormatError && !err.message.includes(token),
      );
    });
  }

  test('decodes a well-formed token', () => {
    const d = decodeJwt(`${h}.${p}.c2ln`);
    assert.deepEqual(d.header, { alg: 'ES256' });
    assert.deepEqual(d.payload, { sub: 'x' });
    assert.equal(d.signingInput, `${h}.${p}`);
    assert.equal(d.signature.toString(), 'sig');
  });
});

describe('RSA keys outside the verification bounds', () => {
  const input = 'a.b';
  test('4096 bits verify; an exponent other than 65537 does not, even with a valid signature', () => {
    const big = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const bigSig = sign('sha256', Buffer.from(input), big.privateKey);
    assert.equal(verifyJwsSignature('RS256', big.publicKey, input, bigSig), true);
    const three = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const sig = sign('sha256', Buffer.from(input), three.privateKey);
    assert.equal(verifyJwsSignature('RS256', three.publicKey, input, sig), false);
    const f4 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    assert.equal(
      verifyJwsSignature('RS256', f4.publicKey, input, sign('sha256', Buffer.from(input), f4.privateKey)),
      true,
    );
  });

  test('a modulus over 4096 bits is never used', () => {
    const n = Buffer.alloc(640, 0xff).toString('base64url');
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    assert.equal(verifyJwsSignature('RS256', key, input, Buffer.alloc(640, 1)), false);
  });
});

describe('verifyJwsSignatureAsync', () => {
  const joseAlgs = ASSERTION_ALGS.filter((alg) => alg !== 'EdDSA');
  for (const alg of [...joseAlgs, 'EdDSA' as const]) {
    test(`${alg}: the same answers as verifyJwsSignature`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const token = await new CompactSign(Buffer.from('{"a":1}'))
        .setProtectedHeader({ alg })
        .sign(privateKey);
      const d = decodeJwt(token);
      const nodeKey = createPublicKey({ key: (await exportJWK(publicKey)) as JsonWebKey, format: 'jwk' });
      const pending = verifyJwsSignatureAsync(alg, nodeKey, d.signingInput, d.signature);
      assert.ok(pending instanceof Promise);
      assert.equal(await pending, true);
      const tampered = Buffer.from(d.signature);
      tampered[5] = (tampered[5] ?? 0) ^ 0xff;
      assert.equal(await verifyJwsSignatureAsync(alg, nodeKey, d.signingInput, tampered), false);
      assert.equal(await verifyJwsSignatureAsync(alg, nodeKey, `${d.signingInput}x`, d.signature), false);
    });
  }

  test('resolves false, never rejects, for keys and signatures that cannot match', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const three = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey;
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey;
    assert.equal(await verifyJwsSignatureAsync('RS256', p256, 'a.b', Buffer.alloc(256)), false);
    assert.equal(await verifyJwsSignatureAsync('ES256', p256, 'a.b', Buffer.alloc(3)), false);
    assert.equal(await verifyJwsSignatureAsync('RS256', three, 'a.b', Buffer.alloc(256)), false);
    assert.equal(await verifyJwsSignatureAsync('RS256', pss, 'a.b', Buffer.alloc(256)), false);
    assert.equal(
      await verifyJwsSignatureAsync('HS256' as AssertionAlg, p256, 'a.b', Buffer.alloc(32)),
      false,
    );
  });

  test('the calling thread keeps running while signatures are checked', async () => {
    // P-521 is among the slowest checks allowed; the timer must fire before they are all done.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    const input = 'a.b';
    const sig = sign('sha512', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const started = ticks;
    const results = await Promise.all(
      Array.from({ length: 40 }, () => verifyJwsSignatureAsync('ES512', publicKey, input, sig)),
    );
    clearInterval(timer);
    assert.ok(results.every(Boolean));
    assert.ok(ticks - started > 0, 'the event loop did not turn while verifying');
  });
});

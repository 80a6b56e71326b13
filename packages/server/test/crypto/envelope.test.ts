import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { EnvelopeError, keyCheckValue, open, seal } from '../../src/crypto/envelope.js';

const key = randomBytes(32);
const plaintext = Buffer.from('-----BEGIN PRIVATE KEY----- not really');

function fails(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof EnvelopeError);
    assert.equal(err.message, 'cannot decrypt: wrong master key or corrupted data');
    return true;
  });
}

function flip(sealed: string, index: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('envelope', () => {
  test('round trips and uses a fresh IV each time', () => {
    const a = seal(key, plaintext, 'kid-1');
    const b = seal(key, plaintext, 'kid-1');
    assert.match(a, /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    assert.notEqual(a, b);
    assert.deepEqual(open(key, a, 'kid-1'), plaintext);
    assert.deepEqual(open(key, seal(key, Buffer.alloc(0), ''), ''), Buffer.alloc(0));
  });

  test('fails with the wrong master key', () => {
    fails(() => open(randomBytes(32), seal(key, plaintext, 'kid-1'), 'kid-1'));
  });

  test('fails with the wrong aad (value moved to another row)', () => {
    fails(() => open(key, seal(key, plaintext, 'kid-1'), 'kid-2'));
  });

  test('fails on tampered iv, ciphertext or tag', () => {
    const sealed = seal(key, plaintext, 'kid-1');
    for (const i of [1, 2, 3] as const) fails(() => open(key, flip(sealed, i), 'kid-1'));
  });

  test('fails on malformed input, truncated tags and bad keys', () => {
    const sealed = seal(key, plaintext, 'kid-1');
    const [, iv, ct, tag = ''] = sealed.split('.');
    fails(() => open(key, `v1.${iv}.${ct}.${tag.slice(0, 6)}`, 'kid-1'));
    fails(() => open(key, `v2.${iv}.${ct}.${tag}`, 'kid-1'));
    fails(() => open(key, `${sealed}.x`, 'kid-1'));
    fails(() => open(key, '', 'kid-1'));
    fails(() => open(key, undefined as unknown as string, 'kid-1'));
    fails(() => open(key.subarray(0, 16), sealed, 'kid-1'));
  });

  test('seal refuses a master key that is not 32 bytes', () => {
    assert.throws(() => seal(randomBytes(16), plaintext, 'a'), TypeError);
  });

  test('keyCheckValue is stable, short, and differs between keys', () => {
    const kcv = keyCheckValue(key);
    assert.match(kcv, /^[A-Za-z0-9_-]{16}$/);
    assert.equal(keyCheckValue(Buffer.from(key)), kcv);
    assert.notEqual(keyCheckValue(randomBytes(32)), kcv);
  });
});

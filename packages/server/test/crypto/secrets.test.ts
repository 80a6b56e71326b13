import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  base32,
  generateClientId,
  generateClientSecret,
  hashSecret,
  randomId,
  secretMatches,
} from '../../src/crypto/secrets.js';

describe('client secrets', () => {
  test('have the ghs_ prefix and 256 bits of base64url', () => {
    const secret = generateClientSecret();
    assert.match(secret, /^ghs_[A-Za-z0-9_-]{43}$/);
    assert.equal(secret.length, 47);
    assert.equal(Buffer.from(secret.slice(4), 'base64url').length, 32);
  });

  test('are unique', () => {
    const seen = new Set(Array.from({ length: 1000 }, generateClientSecret));
    assert.equal(seen.size, 1000);
  });

  test('hashSecret is SHA-256 of the UTF-8 secret', () => {
    assert.deepEqual(hashSecret('ghs_é'), createHash('sha256').update(Buffer.from('ghs_é', 'utf8')).digest());
    assert.equal(hashSecret('x').length, 32);
  });

  test('secretMatches accepts the secret and nothing else', () => {
    const secret = generateClientSecret();
    const stored = hashSecret(secret);
    assert.equal(secretMatches(secret, stored), true);
    assert.equal(secretMatches(`${secret} `, stored), false);
    assert.equal(secretMatches(generateClientSecret(), stored), false);
    assert.equal(secretMatches('', stored), false);
    assert.equal(secretMatches('x'.repeat(100_000), stored), false);
  });

  test('secretMatches caps presented length at 512 characters', () => {
    const long = 'y'.repeat(513);
    assert.equal(secretMatches(long, hashSecret(long)), false);
    const edge = 'y'.repeat(512);
    assert.equal(secretMatches(edge, hashSecret(edge)), true);
  });

  test('secretMatches never throws on odd input', () => {
    assert.equal(secretMatches('', hashSecret('')), true);
    assert.equal(secretMatches('a', Buffer.alloc(0)), false);
    assert.equal(secretMatches('a', Buffer.alloc(31)), false);
    assert.equal(secretMatches(undefined as unknown as string, hashSecret('')), false);
    assert.equal(secretMatches('a', null as unknown as Buffer), false);
    assert.equal(secretMatches('\ud800', hashSecret('\ud800')), true);
  });
});

describe('ids', () => {
  test('base32 follows RFC 4648 test vectors, lowercased and unpadded', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'my'],
      ['fo', 'mzxq'],
      ['foo', 'mzxw6'],
      ['foob', 'mzxw6yq'],
      ['fooba', 'mzxw6ytb'],
      ['foobar', 'mzxw6ytboi'],
    ];
    for (const [input, output] of vectors) assert.equal(base32(Buffer.from(input)), output);
  });

  test('randomId is prefix + base32 of the random bytes', () => {
    assert.match(randomId('sec_'), /^sec_[a-z2-7]{26}$/);
    assert.match(randomId('rs_', 10), /^rs_[a-z2-7]{16}$/);
    assert.notEqual(randomId('x'), randomId('x'));
  });

  test('generateClientId is 26 lowercase base32 characters', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateClientId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, /^[a-z2-7]{26}$/);
  });
});

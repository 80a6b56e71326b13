import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { digestBase64url, digestOf } from '../../src/crypto/one-shot-hash.js';

test('one-shot digests equal a Hash object over the UTF-8 bytes, for every hash the token path uses', () => {
  for (const algorithm of ['sha256', 'sha384', 'sha512']) {
    for (const text of ['', 'ghs_abc', 'é — 日本', 'x'.repeat(600)]) {
      const expected = createHash(algorithm).update(Buffer.from(text, 'utf8')).digest();
      assert.ok(Buffer.isBuffer(digestOf(algorithm, text)));
      assert.deepEqual(digestOf(algorithm, text), expected, `${algorithm} of ${JSON.stringify(text)}`);
      assert.equal(digestBase64url(algorithm, text), expected.toString('base64url'));
    }
  }
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomView } from '../../src/crypto/random-pool.js';
import { timeOrderedUuid } from '../../src/crypto/time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('UUID v7 (RFC 9562): version, variant, the time in its first 48 bits, and later sorts later', () => {
  const at = Date.UTC(2026, 11, 5, 12, 0, 0, 123);
  const ids = Array.from({ length: 1000 }, (_, i) => timeOrderedUuid(at + i));
  for (const id of ids) assert.match(id, UUID_V7);
  assert.equal(parseInt((ids[0] as string).replace(/-/g, '').slice(0, 12), 16), at);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids.map((id) => id.slice(14))).size, ids.length, 'the random part differs');
  const sameMs = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(at)));
  assert.equal(sameMs.size, 1000, 'ids of one millisecond are still unique');
});

test('the random pool hands out each byte once, across refills, and keeps earlier views intact', () => {
  const first = randomView(32);
  const copy = Buffer.from(first);
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) seen.add(randomView(32).toString('hex'));
  assert.equal(seen.size, 1000);
  assert.ok(!seen.has(copy.toString('hex')));
  assert.deepEqual(first, copy, 'a refill never rewrites a view handed out before');
  assert.throws(() => randomView(0), RangeError);
  assert.throws(() => randomView(4097), RangeError);
});

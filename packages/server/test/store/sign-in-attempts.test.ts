import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AttemptPolicy } from '../../src/config.js';
import type { Db } from '../../src/store/db.js';
import { openStore } from '../../src/store/open.js';
import {
  clearAttempts,
  purgeAttempts,
  refundAttempt,
  reserveAttempt,
} from '../../src/store/repos/sign-in-attempts.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { NOW, openRaw, uid } from './helpers.js';

const POLICY: AttemptPolicy = { limit: 5, lockMs: 30_000, maxLockMs: 120_000, windowMs: 3600_000 };

for (const name of backendNames()) {
  describe(`sign-in attempt counters (${name})`, () => {
    let backend: TestBackend;
    let db: Db;
    let other: Db;

    before(async () => {
      backend = await createBackend(name);
      db = await openStore(backend);
      // A second connection (pool, or SQLite handle) to the same store, as another instance has.
      other = await openRaw(backend);
    });
    after(async () => {
      await other?.close();
      await db?.close();
      await backend?.cleanup();
    });

    test('reservations racing from two connections: exactly `limit` are taken, the last one locks', async () => {
      const key = uid('account:');
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => reserveAttempt(i % 2 ? other : db, key, NOW, POLICY)),
      );
      const taken = results.filter((r) => r.allowed);
      assert.equal(taken.length, POLICY.limit);
      assert.equal(taken.filter((r) => r.lockedUntil !== null).length, 1);
      for (const refused of results.filter((r) => !r.allowed))
        assert.equal(refused.lockedUntil, NOW + 30_000);
    });

    test('after a lock each attempt doubles it up to the cap; a success starts over; quiet starts over', async () => {
      const key = uid('account:');
      for (let i = 0; i < 4; i++)
        assert.deepEqual(await reserveAttempt(db, key, NOW, POLICY), { allowed: true, lockedUntil: null });
      assert.deepEqual(await reserveAttempt(db, key, NOW, POLICY), {
        allowed: true,
        lockedUntil: NOW + 30_000,
      });
      assert.equal((await reserveAttempt(db, key, NOW + 29_999, POLICY)).allowed, false);
      let at = NOW + 30_000;
      for (const lock of [60_000, 120_000, 120_000]) {
        assert.deepEqual(await reserveAttempt(db, key, at, POLICY), {
          allowed: true,
          lockedUntil: at + lock,
        });
        at += lock;
      }
      await clearAttempts(db, key);
      assert.deepEqual(await reserveAttempt(db, key, at, POLICY), { allowed: true, lockedUntil: null });

      const quiet = uid('account:');
      for (let i = 0; i < 4; i++) await reserveAttempt(db, quiet, NOW, POLICY);
      assert.deepEqual(await reserveAttempt(db, quiet, NOW + POLICY.windowMs, POLICY), {
        allowed: true,
        lockedUntil: null,
      });
    });

    test('a refund gives back the attempt and the lock it set, unless a later one replaced it', async () => {
      const key = uid('address:');
      for (let i = 0; i < 4; i++) await reserveAttempt(db, key, NOW, POLICY);
      const fifth = await reserveAttempt(db, key, NOW, POLICY);
      await refundAttempt(db, key, fifth.lockedUntil, POLICY);
      assert.deepEqual(await reserveAttempt(db, key, NOW, POLICY), {
        allowed: true,
        lockedUntil: NOW + 30_000,
      });
      await refundAttempt(db, key, NOW + 1, POLICY);
      assert.equal(
        (await reserveAttempt(db, key, NOW + 1, POLICY)).allowed,
        false,
        'the lock was not ours to lift',
      );
    });

    test('purge forgets counters quiet for longer than the window, and keeps live locks', async () => {
      const stale = uid('account:');
      const live = uid('account:');
      await reserveAttempt(db, stale, NOW - 2 * POLICY.windowMs, POLICY);
      for (let i = 0; i < 5; i++) await reserveAttempt(db, live, NOW, POLICY);
      await purgeAttempts(db, NOW - POLICY.windowMs);
      const keys = await db.all<{ key: string }>('SELECT key FROM sign_in_attempts WHERE key IN (?, ?)', [
        stale,
        live,
      ]);
      assert.deepEqual(
        keys.map((k) => k.key),
        [live],
      );
    });
  });
}

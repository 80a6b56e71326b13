import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { RevocationList } from '../../src/services/revocation-list.js';
import type { RevokedTokenRow } from '../../src/store/repos/rows.js';
import { TestClock } from '../support/clock.js';

const LIST_ID = 'testlist0001';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function text(list: RevocationList, since?: string): { full: boolean; revoked: string[]; cursor: string } {
  const answer = list.answer(since);
  const doc = JSON.parse(`{"x":0${Buffer.concat(answer.body as Buffer[]).toString()}`) as {
    revoked_tokens: { jti: string }[];
  };
  return { full: answer.full, revoked: doc.revoked_tokens.map((t) => t.jti), cursor: answer.cursor };
}

describe('revocation list in memory', () => {
  test('a revocation made here is listed at once, in full answers and in every delta, until the change log brings it', () => {
    const clock = new TestClock();
    const list = new RevocationList(LIST_ID, () => clock.now());
    list.reset(10, [], []);
    const start = text(list).cursor;
    list.notePending('local', clock.now() + 60_000);
    assert.equal(list.has('local'), true);
    assert.deepEqual(text(list).revoked, ['local']);
    assert.deepEqual(text(list, start).revoked, ['local']);
    list.addRevoked('local', clock.now() + 60_000, 11);
    list.advance(11);
    const after = text(list, start);
    assert.deepEqual(after.revoked, ['local']);
    assert.deepEqual(
      text(list, after.cursor).revoked,
      [],
      'once logged, only deltas from before it carry it',
    );
  });

  test('a revocation made here while a reload was reading stays effective after the reload', () => {
    const clock = new TestClock();
    const list = new RevocationList(LIST_ID, () => clock.now());
    const exp = clock.now() + 60_000;
    list.reset(10, [], []);
    list.notePending('local', exp);
    // The reload read the store before the revocation committed: its snapshot lacks it.
    list.reset(10, [], []);
    assert.equal(list.has('local'), true);
    assert.deepEqual(text(list).revoked, ['local']);
    // A later reload whose snapshot holds it lists it once, from the snapshot.
    list.reset(11, [{ jti: 'local', client_id: 'c', expires_at: exp, revoked_at: clock.now() }], []);
    assert.deepEqual(text(list).revoked, ['local']);
    // A pending entry that no log entry ever confirms still leaves once it has expired.
    list.notePending('unconfirmed', exp);
    list.reset(12, [], []);
    assert.equal(list.has('unconfirmed'), true);
    clock.advance(60_000 + 600_000);
    list.prune();
    assert.equal(list.has('unconfirmed'), false);
  });

  test('after one more revocation, a full answer costs a small fraction of serialising the whole list', (t) => {
    const clock = new TestClock();
    const now = clock.now();
    // 60,000 ids spread over an hour of expiries, as a steady flood would leave them.
    const rows: RevokedTokenRow[] = Array.from({ length: 60_000 }, (_, i) => ({
      jti: randomUUID(),
      client_id: 'flooder',
      expires_at: now + 3600_000 + i * 60,
      revoked_at: now,
    }));
    const list = new RevocationList(LIST_ID, () => clock.now());
    list.reset(1, rows, []);
    const plain = rows.map((row) => ({ jti: row.jti, exp: Math.floor(row.expires_at / 1000) }));
    const serialise: number[] = [];
    const answer: number[] = [];
    let seq = 1;
    for (let round = 0; round < 7; round++) {
      serialise.push(timed(() => JSON.stringify({ revoked_tokens: plain })));
      for (let i = 0; i < 5; i++) {
        answer.push(
          timed(() => {
            list.addRevoked(randomUUID(), now + 1800_000 + round * 1000, ++seq);
            list.advance(seq);
            list.answer(undefined);
          }),
        );
      }
    }
    const ratio = median(answer) / median(serialise);
    t.diagnostic(
      `answer after a change: ${median(answer).toFixed(2)} ms; whole list: ${median(serialise).toFixed(2)} ms`,
    );
    assert.ok(
      ratio < 0.2,
      `a full answer after a change took ${Math.round(ratio * 100)}% of a full serialisation`,
    );
    assert.equal(text(list).revoked.length, 60_000 + 35);
  });
});

import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { GUESSES, guessConcurrently, hashes, tally, WIDE_HASHER } from './concurrent-guesses.js';
import { assertApiError, describeEachBackend, PASSWORD } from './harness.js';

describeEachBackend(
  'sign-in lockout under concurrent guesses',
  (gate) => {
    before(async () => {
      await gate.user('victim@example.com');
      await gate.user('victim2@example.com');
    });

    test(`${GUESSES} guesses at once check at most 5 passwords; the right one sent after gets 429, no session`, async () => {
      const before = hashes(gate);
      const { wrong, right } = await guessConcurrently(() => gate.session(), 'victim@example.com', PASSWORD);
      const counts = tally(wrong);
      assert.deepEqual(Object.keys(counts).sort(), ['401', '429'], JSON.stringify(counts));
      assert.equal(counts[401], 4, 'four wrong passwords are just wrong; the fifth locks');
      assert.equal(counts[429], GUESSES - 1 - 4);
      assert.ok(hashes(gate) - before <= 5, `${hashes(gate) - before} passwords were checked`);
      assertApiError(right, 429, 'locked');
      assert.ok(Number(right.headers.get('retry-after')) > 0);
      assert.deepEqual(right.headers.getSetCookie(), [], 'no session while locked');
      for (const answer of wrong) {
        if (answer.status === 429) assertApiError(answer, 429, 'locked');
        else assertApiError(answer, 401, 'invalid_credentials');
      }
    });

    test('an unknown email gets exactly the answers a known one gets, alone and under a flood', async () => {
      const sequence = async (email: string) => {
        const out: { status: number; body: unknown; retryAfter: string | null }[] = [];
        for (let i = 0; i < 7; i++) {
          const answer = await gate.session().login(email, `not it ${i}`);
          out.push({
            status: answer.status,
            body: answer.body,
            retryAfter: answer.headers.get('retry-after'),
          });
        }
        return out;
      };
      const known = await sequence('victim2@example.com');
      const unknown = await sequence('nobody-here@example.com');
      assert.deepEqual(unknown, known);
      assert.deepEqual(
        known.map((a) => a.status),
        [401, 401, 401, 401, 429, 429, 429],
      );

      // And under a flood: the same count of each answer.
      gate.clock.advance(3600_000 * 2);
      const flood = async (email: string) =>
        tally(
          await Promise.all(Array.from({ length: 60 }, (_, i) => gate.session().login(email, `guess ${i}`))),
        );
      assert.deepEqual(await flood('nobody-else@example.com'), await flood('victim@example.com'));
    });
  },
  { env: WIDE_HASHER },
);

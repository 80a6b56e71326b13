import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertApiError, describeEachBackend, ok, PASSWORD } from './harness.js';

describeEachBackend(
  'sign-in backoff per client address',
  (gate) => {
    before(async () => {
      await gate.user('alice@example.com');
      await gate.user('bob@example.com');
    });

    test('failures from one address across many accounts back off, doubling; the right password waits too', async () => {
      // Password spraying: one guess per account, so no account lock ever comes into play.
      assertApiError(
        await gate.session().login('alice@example.com', 'spray one'),
        401,
        'invalid_credentials',
      );
      assertApiError(
        await gate.session().login('carol@example.com', 'spray two'),
        401,
        'invalid_credentials',
      );
      const third = await gate.session().login('dave@example.com', 'spray three');
      assertApiError(third, 429, 'locked');
      assert.equal(third.headers.get('retry-after'), '2');
      assert.equal(third.body.retryAfter, 2);

      const blocked = await gate.session().login('bob@example.com', PASSWORD);
      assertApiError(blocked, 429, 'locked');
      assert.deepEqual(blocked.headers.getSetCookie(), []);

      gate.clock.advance(2_000);
      const fourth = await gate.session().login('erin@example.com', 'spray four');
      assertApiError(fourth, 429, 'locked');
      assert.equal(fourth.body.retryAfter, 4, 'each further failure doubles the wait');
      gate.clock.advance(4_000);
      const fifth = await gate.session().login('frank@example.com', 'spray five');
      assert.equal(fifth.body.retryAfter, 8);

      // A right password, once the wait is over, signs in; it is not a failure, so it sets no
      // new wait for the next person at the same address.
      gate.clock.advance(8_000);
      ok(await gate.session().login('bob@example.com', PASSWORD));
      ok(await gate.session().login('alice@example.com', PASSWORD));

      // An hour of quiet and the address starts over.
      gate.clock.advance(3600_000);
      assertApiError(
        await gate.session().login('alice@example.com', 'wrong again'),
        401,
        'invalid_credentials',
      );
    });
  },
  { env: { GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '3', GATEHOUSE_LOGIN_ADDRESS_LOCK_SECONDS: '2' } },
);

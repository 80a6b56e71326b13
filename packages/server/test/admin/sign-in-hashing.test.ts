import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_PASSWORD, assertApiError, describeEachBackend } from './harness.js';

describeEachBackend(
  'password hashing limit',
  (gate) => {
    test('past the limit, sign-ins are refused at once with 429 busy and Retry-After, and cost no attempt', async () => {
      const before = gate.server.gatehouse.users.hashing;
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          gate.session().login(`crowd-${i}@example.com`, 'a wrong password'),
        ),
      );
      const after = gate.server.gatehouse.users.hashing;
      const busy = answers.filter((a) => a.status === 429);
      assert.ok(busy.length > 0, 'some sign-ins were refused');
      for (const answer of busy) {
        assertApiError(answer, 429, 'busy');
        assert.equal(answer.headers.get('retry-after'), '1');
        assert.equal(answer.body.retryAfter, 1);
      }
      for (const answer of answers.filter((a) => a.status !== 429)) {
        assertApiError(answer, 401, 'invalid_credentials');
      }
      assert.equal(
        after.completed - before.completed,
        answers.length - busy.length,
        'refused ones hashed nothing',
      );

      // Refused before the attempt was counted: only the checked sign-ins left a counter in the store.
      const counted = await gate.server.gatehouse.db.get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM sign_in_attempts WHERE key LIKE 'account:%' AND attempts > 0",
      );
      assert.equal(Number(counted?.n), answers.length - busy.length);
    });
  },
  {
    env: {
      GATEHOUSE_PASSWORD_HASH_CONCURRENCY: '1',
      GATEHOUSE_PASSWORD_HASH_QUEUE: '0',
      GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '0',
    },
  },
);

describeEachBackend('setup once an account exists', (gate) => {
  test('every setup request is refused with 409 before any password is hashed', async () => {
    const before = gate.server.gatehouse.users.hashing.completed;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        gate.session().post('/api/v1/auth/setup', {
          token: `guessed-token-${i}`,
          email: `late-${i}@example.com`,
          name: 'Late',
          password: ADMIN_PASSWORD,
        }),
      ),
    );
    for (const answer of answers) assertApiError(answer, 409, 'conflict');
    assert.equal(gate.server.gatehouse.users.hashing.completed, before, 'no hash for a refused setup');
  });
});

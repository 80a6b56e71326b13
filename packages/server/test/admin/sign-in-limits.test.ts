import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type AdminGate,
  type ApiAnswer,
  ApiSession,
  assertApiError,
  describeEachBackend,
  ok,
  PASSWORD,
} from './harness.js';

const GUESSES = 300;
/**
 * Every guess waits for a hash rather than being refused as busy, so all of them reach the
 * store's counter at once: what is tested is the counter, not the hashing limit.
 */
const WIDE_HASHER = {
  GATEHOUSE_PASSWORD_HASH_CONCURRENCY: '4',
  GATEHOUSE_PASSWORD_HASH_QUEUE: '1000',
  GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '0',
};

function hashes(gate: AdminGate): number {
  return gate.server.gatehouse.users.hashing.completed;
}

function tally(answers: ApiAnswer[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

/**
 * Fires `GUESSES` wrong passwords at once and, as soon as one of them has been refused with 429,
 * the right one: by then the lock is in the store, so it must not get a session.
 */
async function guessConcurrently(
  sessions: () => ApiSession,
  email: string,
  right: string,
): Promise<{ wrong: ApiAnswer[]; right: ApiAnswer }> {
  let firstRefusal: () => void = () => undefined;
  const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
  const wrong = Array.from({ length: GUESSES - 1 }, async (_, i) => {
    const answer = await sessions().login(email, `wrong guess number ${i}`);
    if (answer.status === 429) firstRefusal();
    return answer;
  });
  const late = (async () => {
    await refused;
    return sessions().login(email, right);
  })();
  return { wrong: await Promise.all(wrong), right: await late };
}

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

      const flood = async (email: string) =>
        tally((await guessConcurrently(() => gate.session(), email, 'x'.repeat(12))).wrong);
      gate.clock.advance(3600_000 * 2);
      assert.deepEqual(await flood('nobody-else@example.com'), await flood('victim@example.com'));
    });
  },
  { env: WIDE_HASHER },
);

for (const name of backendNames()) {
  describe(`sign-in lockout across two instances on one store [${name}]`, () => {
    const clock = new TestClock();
    let backend: TestBackend;
    const servers: RunningServer[] = [];
    before(async () => {
      backend = await createBackend(name);
      const config = backend.config({
        GATEHOUSE_ADMIN_EMAIL: ADMIN_EMAIL,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...WIDE_HASHER,
      });
      for (let i = 0; i < 2; i++) {
        servers.push(await startServer(config, { logger: createLogger('silent'), clock }));
      }
    });
    after(async () => {
      for (const server of servers) await server.close();
      await backend.cleanup();
    });

    test('guesses spread over both instances still check at most 5 passwords in all', async () => {
      const urls = servers.map((s) => s.url);
      const checked = () => servers.reduce((sum, s) => sum + s.gatehouse.users.hashing.completed, 0);
      const before = checked();
      let n = 0;
      const { wrong, right } = await guessConcurrently(
        () => new ApiSession(urls[n++ % urls.length] ?? ''),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
      );
      assert.ok(checked() - before <= 5, `${checked() - before} passwords were checked across two instances`);
      assert.equal(tally(wrong)[401], 4);
      assertApiError(right, 429, 'locked');
      // Each instance refuses the right password while the shared lock holds, then lets it in.
      for (const url of urls)
        assertApiError(await new ApiSession(url).login(ADMIN_EMAIL, ADMIN_PASSWORD), 429, 'locked');
      clock.advance(30_000);
      ok(await new ApiSession(urls[1] ?? '').login(ADMIN_EMAIL, ADMIN_PASSWORD));
    });
  });
}

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

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

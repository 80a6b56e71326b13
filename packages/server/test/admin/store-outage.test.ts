import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminQuery as maintenance } from '../support/backends.js';
import { basicAuth, postForm } from '../support/server.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AdminGate, type ApiAnswer } from './harness.js';

const skip = process.env.GATEHOUSE_TEST_POSTGRES_URL ? false : 'needs PostgreSQL';

function assertUnavailable(answer: ApiAnswer, what: string): void {
  assert.equal(answer.status, 503, `${what}: ${answer.status} ${answer.text}`);
  assert.equal(answer.body.error, 'store_unavailable', what);
  assert.equal(answer.headers.get('retry-after'), '1', what);
  assert.equal(answer.body.retryAfter, 1, what);
}

// Only this test's throwaway database is closed to connections; the server others share keeps running.
describe('the PostgreSQL store goes away and comes back', { skip }, () => {
  const gate = new AdminGate('postgres');
  let database = '';

  const cutOff = async () => {
    await maintenance(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await maintenance(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
    );
  };
  const restore = () => maintenance(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);

  before(async () => {
    await gate.start();
    database = new URL(gate.backend.databaseUrl ?? '').pathname.slice(1);
  });
  after(async () => {
    await restore().catch(() => undefined);
    await gate.stop();
  });

  test('sign-in, reads and writes answer 503 store_unavailable with Retry-After, then work again', async () => {
    const team = await gate.team(gate.admin, 'outage');
    await cutOff();
    try {
      assertUnavailable(await gate.session().login(ADMIN_EMAIL, ADMIN_PASSWORD), 'sign-in');
      assertUnavailable(await gate.admin.get('/api/v1/teams'), 'read');
      assertUnavailable(await gate.admin.post('/api/v1/teams', { slug: 'during', name: 'During' }), 'write');
      assertUnavailable(await gate.admin.get(`/api/v1/teams/${team.id}`), 'read one');
      // A client the token path has never seen must be read from the store.
      const token = await postForm(
        `${gate.url}/oauth2/token`,
        { grant_type: 'client_credentials', scope: 'gatehouse-admin/tokens:introspect' },
        basicAuth('abcdefghijklmnopqrstuvwxyz', 'secret'),
      );
      assert.equal(token.status, 503, token.text);
      assert.equal(token.body?.error, 'temporarily_unavailable');
      assert.equal(token.headers.get('retry-after'), '1');
    } finally {
      await restore();
    }
    const again = await gate.session().login(ADMIN_EMAIL, ADMIN_PASSWORD);
    assert.equal(again.status, 200, again.text);
  });

  test('writes while connections are being killed: each succeeds or answers 503, never 500', async () => {
    let killing = true;
    const killer = (async () => {
      while (killing) {
        await maintenance(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
        );
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const statuses: number[] = [];
    try {
      for (let round = 0; round < 8; round++) {
        const answers = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            gate.admin.post('/api/v1/teams', { slug: `kill-${round}-${i}`, name: 'Killed' }),
          ),
        );
        for (const answer of answers) {
          statuses.push(answer.status);
          if (answer.status !== 201) assertUnavailable(answer, `write during kills`);
        }
      }
    } finally {
      killing = false;
      await killer;
    }
    assert.equal(statuses.length, 40);
  });

  test('no request failed with a 500', () => {
    const errors = gate.logs.filter((entry) => entry.level === 'error');
    assert.deepEqual(
      errors.map((entry) => `${entry.msg} ${JSON.stringify(entry.error)}`),
      [],
    );
  });
});

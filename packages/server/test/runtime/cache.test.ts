import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateClientSecret, hashSecret } from '../../src/crypto/secrets.js';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { recordChange } from '../../src/store/repos/changes.js';
import { insertClient, insertPermission, insertSecret } from '../../src/store/repos/clients.js';
import { clientRow, openRaw, secretRow } from '../store/helpers.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import {
  type Credentials,
  createTenant,
  cutOff,
  type DbSpy,
  introspect,
  isChangePoll,
  reconnect,
  requestToken,
  sleep,
  spyOnDb,
  type Tenant,
  uid,
  within,
} from './helpers.js';

const CLIENT_LOOKUP = /SELECT \* FROM clients WHERE client_id = \?/;

for (const name of backendNames()) {
  describe(`token path cache (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let tenant: Tenant;
    let spy: DbSpy;

    before(async () => {
      backend = await createBackend(name);
      server = await startTestServer(backend);
      tenant = await createTenant(server.gatehouse);
      // Let the runtime consume the changes the set-up wrote (a poll may already be running).
      await server.runtime.poll();
      await server.runtime.poll();
      spy = spyOnDb(server.gatehouse.db);
    });
    after(async () => {
      spy?.restore();
      await server?.close();
      await backend?.cleanup();
    });

    function tokenRequests(who: Credentials, count: number) {
      return Promise.all(
        Array.from({ length: count }, () =>
          requestToken(server.url, who, { scope: `${tenant.identifier}/read` }),
        ),
      );
    }

    /** Database calls other than the background change poll. */
    function foreground() {
      return spy.calls.filter((call) => !isChangePoll(call));
    }

    test('once warm, 100 token requests make no database call but the change poll', async () => {
      const warm = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
      assert.equal(warm.status, 200);
      spy.reset();

      for (let batch = 0; batch < 10; batch++) {
        for (const res of await tokenRequests(tenant, 10))
          assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      const token = String(warm.body?.access_token);
      for (let i = 0; i < 5; i++)
        assert.equal((await introspect(server.url, tenant, token)).body?.active, true);
      const jwks = await fetch(`${server.url}/.well-known/jwks.json`);
      assert.equal(jwks.status, 200);

      await sleep(120);
      assert.deepEqual(foreground(), [], 'the warm token path touched the database');
      assert.ok(
        spy.calls.some(isChangePoll),
        'the spy sees the runtime poller, so it would see the token path',
      );
    });

    test('an unknown client_id is looked up once, then remembered until a change names it', async () => {
      const ghost: Credentials = { clientId: uid('ghost_'), secret: generateClientSecret() };
      spy.reset();
      for (let i = 0; i < 5; i++) {
        const res = await requestToken(server.url, ghost, { scope: `${tenant.identifier}/read` });
        assert.equal(res.status, 401);
        assert.equal(res.body?.error, 'invalid_client');
      }
      const lookups = () => spy.calls.filter((c) => CLIENT_LOOKUP.test(c.sql)).length;
      assert.equal(lookups(), 1, 'one lookup for five requests');

      // Another process writes: a change naming a different client does not forget the miss...
      const other = openRaw(backend);
      try {
        await other.transaction((tx) => recordChange(tx, 'client', uid('someone-else_'), Date.now()));
        await server.runtime.poll();
        await server.runtime.poll();
        assert.equal((await requestToken(server.url, ghost)).status, 401);
        assert.equal(lookups(), 1, 'still remembered after an unrelated change');

        // ...while creating that very client_id (and recording the change) does.
        await other.transaction(async (tx) => {
          const now = Date.now();
          await insertClient(tx, clientRow(ghost.clientId, { created_at: now, updated_at: now }));
          await insertPermission(tx, ghost.clientId, tenant.resourceServerId, 'read', now);
          await insertSecret(
            tx,
            secretRow(uid('sec_'), ghost.clientId, hashSecret(ghost.secret).toString('base64url')),
          );
          await recordChange(tx, 'client', ghost.clientId, now);
        });
      } finally {
        await other.close();
      }
      await within('the new client gets tokens', async () => {
        const res = await requestToken(server.url, ghost, { scope: `${tenant.identifier}/read` });
        return { ok: res.status === 200, last: res.body };
      });
      assert.equal(lookups(), 2, 'looked up again once, after the change named it');
    });

    test('a request that starts after a change was applied never gets the client as it was before', async () => {
      // A lookup that read the client before it was disabled answers late; meanwhile the
      // runtime applies the change. A request arriving after that must not share the stale load.
      const late = await server.gatehouse.clients.create(
        {
          name: 'late',
          scopes: [`${tenant.identifier}/read`],
        },
        CLI_ACTOR,
      );
      const who: Credentials = { clientId: late.client.clientId, secret: late.secret?.value ?? '' };
      await server.runtime.poll();
      await server.runtime.poll();
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let read = false;
      spy.around = async (call, proceed) => {
        const result = await proceed();
        if (!read && CLIENT_LOOKUP.test(call.sql) && call.params?.[0] === who.clientId) {
          read = true;
          await released;
        }
        return result;
      };
      const other = openRaw(backend);
      try {
        const first = requestToken(server.url, who, { scope: `${tenant.identifier}/read` });
        await within('the first request has read the client', async () => read, 2000, 5);
        await other.transaction(async (tx) => {
          await tx.run('UPDATE clients SET enabled = 0 WHERE client_id = ?', [who.clientId]);
          await recordChange(tx, 'client', who.clientId, Date.now());
        });
        await server.runtime.poll();
        await server.runtime.poll();
        const second = requestToken(server.url, who, { scope: `${tenant.identifier}/read` });
        await sleep(50);
        release();
        assert.equal((await first).status, 200, 'the request that began before the change may succeed');
        const answer = await second;
        assert.equal(answer.status, 401, 'a request begun after the change was applied is refused');
        assert.equal(answer.body?.error, 'invalid_client');
      } finally {
        spy.around = undefined;
        release();
        await other.close();
      }
      assert.equal((await requestToken(server.url, who, { resource: tenant.identifier })).status, 401);
    });

    test('tokens keep flowing to cached clients while the database is unreachable, and it recovers', async (t) => {
      if (name !== 'postgres') {
        t.skip('the embedded SQLite file cannot become unreachable while the process has it open');
        return;
      }
      const warm = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
      assert.equal(warm.status, 200);
      try {
        await cutOff(backend);
        await assert.rejects(server.gatehouse.db.get('SELECT 1'), 'the database is really unreachable');
        await sleep(200); // several failed change polls

        for (const res of await tokenRequests(tenant, 50))
          assert.equal(res.status, 200, JSON.stringify(res.body));
        const answer = await introspect(server.url, tenant, String(warm.body?.access_token));
        assert.equal(answer.body?.active, true, 'introspection of a cached client works too');

        // A client nobody has asked about cannot be checked: 503, retry shortly; never a hang, a crash or a 500.
        const cold = await requestToken(server.url, { clientId: uid('cold_'), secret: 'x' });
        assert.equal(cold.status, 503, `cold client during the outage: ${cold.status}`);
        assert.equal(cold.body?.error, 'temporarily_unavailable');
      } finally {
        await reconnect(backend);
      }

      // Back: the pool reconnects, and the poller picks changes up again.
      assert.equal(
        (await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` })).status,
        200,
      );
      await server.gatehouse.clients.setEnabled(tenant.clientId, false, CLI_ACTOR);
      await within('a change made after the outage reaches the token path', async () => {
        const res = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
        return { ok: res.status === 401 && res.body?.error === 'invalid_client', last: res.body };
      });
    });

    test('closing the server while the database is unreachable still closes, logging what it could not save', async (t) => {
      if (name !== 'postgres') {
        t.skip('the embedded SQLite file cannot become unreachable while the process has it open');
        return;
      }
      const warnings: string[] = [];
      const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
      const doomed = await startServer(backend.config(), { logger });
      let closed = false;
      try {
        // A token request leaves a last-used time to write behind at close.
        const own = await createTenant(doomed.gatehouse);
        await doomed.runtime.poll();
        await doomed.runtime.poll();
        assert.equal((await requestToken(doomed.url, own, { resource: own.identifier })).status, 200);
        await cutOff(backend);
        await doomed.close();
        closed = true;
        assert.ok(
          warnings.some((w) => /last.used/i.test(w)),
          `the failed write-behind is logged: ${JSON.stringify(warnings)}`,
        );
      } finally {
        await reconnect(backend);
        if (!closed) await doomed.close().catch(() => undefined);
      }
    });
  });
}

import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { RunningServer } from '../../src/serve.js';
import { purgeChanges, recordChange } from '../../src/store/repos/changes.js';
import { openRaw } from '../store/helpers.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { startTestServer } from '../support/server.js';
import { createTenant, requestToken, spyOnDb, type Tenant, within } from './helpers.js';

// An instance cut off from its store must come back to the truth once the store is reachable
// again: after a gap longer than the change log keeps, and over connections that died silently.

/** Another instance disables the client, recording the change as the services do. */
async function disableElsewhere(backend: TestBackend, clientId: string): Promise<void> {
  const other = openRaw(backend);
  try {
    await other.transaction(async (tx) => {
      await tx.run('UPDATE clients SET enabled = 0, updated_at = ? WHERE client_id = ?', [
        Date.now(),
        clientId,
      ]);
      await recordChange(tx, 'client', clientId, Date.now());
    });
  } finally {
    await other.close();
  }
}

async function refused(server: RunningServer, tenant: Tenant) {
  const res = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
  return { ok: res.status === 401 && res.body?.error === 'invalid_client', last: { status: res.status } };
}

for (const name of backendNames()) {
  describe(`runtime after a long poll outage (${name})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('an instance that could not poll for longer than the change-log retention resyncs, not serves stale clients forever', async () => {
      const backend = await createBackend(name);
      cleanups.push(() => backend.cleanup());
      const clock = new TestClock(Date.now());
      const server = await startTestServer(backend, { clock });
      cleanups.push(() => server.close());
      const tenant = await createTenant(server.gatehouse);
      await server.runtime.poll();
      await server.runtime.poll();
      assert.equal((await requestToken(server.url, tenant, { resource: tenant.identifier })).status, 200);

      // This instance loses the database (its polls fail) while the others carry on: one
      // disables the client, and an hour later their maintenance purges the change log.
      const spy = spyOnDb(server.gatehouse.db);
      cleanups.push(async () => spy.restore());
      // Every read fails, as in a real outage: change polls and the resync they turn into.
      spy.around = () => Promise.reject(new Error('connection lost'));
      await disableElsewhere(backend, tenant.clientId);
      const purger = openRaw(backend);
      await purgeChanges(purger, Date.now() + 60_000);
      await purger.close();
      clock.advance(2 * 60 * 60_000);
      // Serving cached clients through the outage is by design.
      assert.equal((await requestToken(server.url, tenant, { resource: tenant.identifier })).status, 200);

      // The database is back: the disabled client must be refused soon after.
      spy.around = undefined;
      await within('the disabled client is refused once polling works again', () => refused(server, tenant));
    });
  });
}

if (backendNames().includes('postgres')) {
  describe('runtime over silently dead PostgreSQL connections', () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('the change poll gives up on a connection that stopped answering and picks up changes again', async () => {
      const backend = await createBackend('postgres');
      cleanups.push(() => backend.cleanup());
      const direct = new URL(backend.databaseUrl ?? '');
      const proxy = new FaultProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const proxied = new URL(direct.href);
      proxied.port = String(await proxy.listen());
      // Registered after the server below, so it runs first: the server's close awaits its poll.
      const server = await startTestServer(backend, { env: { GATEHOUSE_DATABASE_URL: proxied.href } });
      cleanups.push(() => server.close());
      cleanups.push(() => proxy.close());
      const tenant = await createTenant(server.gatehouse);
      await server.runtime.poll();
      await server.runtime.poll();
      assert.equal((await requestToken(server.url, tenant, { resource: tenant.identifier })).status, 200);

      proxy.freeze();
      await disableElsewhere(backend, tenant.clientId);
      await within(
        'the disabled client is refused despite the dead connections',
        () => refused(server, tenant),
        // Seconds, not the minutes TCP takes: a stuck poll is abandoned after 3 s and a dead
        // connection's query times out after 10 s (about 6 s was seen here).
        15_000,
      );
    });
  });
}

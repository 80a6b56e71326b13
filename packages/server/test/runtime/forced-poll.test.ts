import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { backendNames, createBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { createTenant, requestToken, spyOnDb } from './helpers.js';

for (const name of backendNames()) {
  describe(`a forced poll (${name})`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('applies a change made while another poll was already running', async () => {
      const backend = await createBackend(name);
      cleanups.push(() => backend.cleanup());
      const server = await startTestServer(backend, { env: { GATEHOUSE_CHANGE_POLL_MS: '1000' } });
      cleanups.push(() => server.close());
      const tenant = await createTenant(server.gatehouse);
      await server.runtime.poll();
      assert.equal(
        (await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` })).status,
        200,
      );

      // A poll reads the log, then stalls before applying it: the change below comes after its read.
      const spy = spyOnDb(server.gatehouse.db);
      cleanups.push(() => spy.restore());
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let stalled = false;
      spy.around = async (call, proceed) => {
        const result = await proceed();
        if (!stalled && call.sql.startsWith('SELECT * FROM changes')) {
          stalled = true;
          await held;
        }
        return result;
      };
      const running = server.runtime.poll();
      while (!stalled) await new Promise((resolve) => setImmediate(resolve));

      await server.gatehouse.clients.setEnabled(tenant.clientId, false, CLI_ACTOR);
      const forced = server.runtime.poll();
      release();
      await Promise.all([running, forced]);

      const refused = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
      assert.equal(refused.status, 401);
      assert.equal(refused.body?.error, 'invalid_client');
    });
  });
}

// The key promise of the CLI: what it writes, a running server honours within one second,
// with no restart. The server polls the change log every 50 ms (the test backends' setting).
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { type CreatedClientJson, cliFor, ok, registerOrders, requestToken, within } from './helpers.js';

const SCOPE = 'orders/read';

for (const name of backendNames()) {
  describe(`CLI changes reach a running server within 1 s (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let gatehouse: ReturnType<typeof cliFor>;
    let client: CreatedClientJson;
    let secret: string;

    const status = async (clientSecret = secret) =>
      (await requestToken(server.url, client.clientId, clientSecret, SCOPE)).status;

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      // The server starts first: everything below arrives through the change log.
      server = await startTestServer(backend);
    });
    after(async () => {
      await server?.close();
      await backend.cleanup();
    });

    test('a resource server and client created by the CLI get a token', async () => {
      client = await registerOrders(gatehouse);
      secret = client.clientSecret ?? '';
      await within('new client gets a token', async () => (await status()) === 200, 3000);
    });

    test('clients disable: invalid_client; enable: tokens again', async () => {
      assert.equal(await status(), 200, 'cached and working before the change');
      await ok(gatehouse('clients', 'disable', client.clientId, '--json'));
      await within(
        'disabled client refused',
        async () => {
          const answer = await requestToken(server.url, client.clientId, secret, SCOPE);
          return answer.status === 401 && answer.body?.error === 'invalid_client';
        },
        3000,
      );
      await ok(gatehouse('clients', 'enable', client.clientId, '--json'));
      await within('enabled client served', async () => (await status()) === 200, 3000);
    });

    test('secrets add then revoke the old: old refused, new honoured', async () => {
      const added = await ok<{ clientSecret: string }>(
        gatehouse('clients', 'secrets', 'add', client.clientId, '--json'),
      );
      await within('new secret honoured', async () => (await status(added.clientSecret)) === 200, 3000);
      assert.equal(await status(), 200, 'both secrets work during the overlap');
      await ok(gatehouse('clients', 'secrets', 'revoke', client.clientId, client.secretId ?? '', '--json'));
      await within('old secret refused', async () => (await status()) === 401, 3000);
      assert.equal(await status(added.clientSecret), 200);
      secret = added.clientSecret;
    });

    test('permissions remove: invalid_scope; permissions add: served again', async () => {
      await ok(gatehouse('clients', 'permissions', 'remove', client.clientId, SCOPE, '--json'));
      await within(
        'revoked scope refused',
        async () => {
          const answer = await requestToken(server.url, client.clientId, secret, SCOPE);
          return answer.status === 400 && answer.body?.error === 'invalid_scope';
        },
        3000,
      );
      await ok(gatehouse('clients', 'permissions', 'add', client.clientId, SCOPE, '--json'));
      await within('permitted scope served', async () => (await status()) === 200, 3000);
    });

    test('clients delete: refused', async () => {
      await ok(gatehouse('clients', 'delete', client.clientId, '--json'));
      await within('deleted client refused', async () => (await status()) === 401, 3000);
    });
  });
}

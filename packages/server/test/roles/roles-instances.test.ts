import * as assert from 'node:assert/strict';
import { after, before, describe, type TestContext, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { RunningServer } from '../../src/serve.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import {
  type ChildServer,
  type Credentials,
  killChildServers,
  requestToken,
  SHARED_ISSUER,
  startChildServer,
  uid,
  within,
} from '../runtime/helpers.js';

// Every holder of a role sees a change to it within 1 s, on every instance (issue 16, "Roles").
const VISIBLE_WITHIN_MS = 1000;
const DEFAULT_POLL_MS = String(loadConfig({}, {}).changePollMs);

for (const name of backendNames()) {
  describe(`roles across two server processes on one store (${name})`, () => {
    let backend: TestBackend;
    /** Instance A: the in-test server, where the changes are made. */
    let server: RunningServer;
    /** Instance B: another process, polling at the shipped interval. */
    let child: ChildServer;
    let identifier: string;
    let roleId: string;
    let holder: Credentials;

    before(async () => {
      backend = await createBackend(name);
      server = await startTestServer(backend, { env: { GATEHOUSE_ISSUER: SHARED_ISSUER } });
      child = await startChildServer(backend, {
        GATEHOUSE_ISSUER: SHARED_ISSUER,
        GATEHOUSE_CHANGE_POLL_MS: DEFAULT_POLL_MS,
      });
      const g = server.gatehouse;
      identifier = uid('orders-');
      await g.resourceServers.create(
        { identifier, name: 'Orders', scopes: [{ name: 'read' }, { name: 'write' }] },
        CLI_ACTOR,
      );
      const role = await g.roles.create(
        { name: 'order-clerk', scopes: [`${identifier}/read`, `${identifier}/write`] },
        CLI_ACTOR,
      );
      roleId = role.id;
      const created = await g.clients.create({ name: 'clerk', scopes: [] }, CLI_ACTOR);
      assert.ok(created.secret);
      holder = { clientId: created.client.clientId, secret: created.secret.value };
      await g.clientRoles.add(holder.clientId, role.id, CLI_ACTOR);
    });
    after(async () => {
      await child?.stop().catch(() => undefined);
      killChildServers();
      await server?.close();
      await backend?.cleanup();
    });

    const ask = (url: string, scope: string) =>
      requestToken(url, holder, { scope: `${identifier}/${scope}` });

    async function issues(url: string, scope: string) {
      const res = await ask(url, scope);
      return { ok: res.status === 200, last: { status: res.status, body: res.body } };
    }

    async function refuses(url: string, scope: string) {
      const res = await ask(url, scope);
      return {
        ok: res.status === 400 && res.body?.error === 'invalid_scope',
        last: { status: res.status, body: res.body },
      };
    }

    async function onB(t: TestContext, what: string, check: () => Promise<{ ok: boolean; last: unknown }>) {
      const ms = await within(`instance B: ${what}`, check, VISIBLE_WITHIN_MS);
      t.diagnostic(`${what}: ${Math.round(ms)} ms`);
    }

    test('a scope removed from a role on instance A is refused on instance B within 1 s', async (t) => {
      // Both instances hold the client warm, with the role's scopes.
      await within('instance B: issues through the role', () => issues(child.url, 'read'), 5000);
      assert.equal((await issues(server.url, 'read')).ok, true);
      assert.equal((await issues(child.url, 'read')).ok, true);

      await server.gatehouse.roles.removeScopes(roleId, { scopes: [`${identifier}/read`] }, CLI_ACTOR);
      await onB(t, 'refuses the removed scope', () => refuses(child.url, 'read'));
      // The rest of the role stays.
      assert.equal((await issues(child.url, 'write')).ok, true);
    });

    test('a scope added to a role on A is issued on B within 1 s', async (t) => {
      await server.gatehouse.roles.addScopes(roleId, { scopes: [`${identifier}/read`] }, CLI_ACTOR);
      await onB(t, 'issues the added scope', () => issues(child.url, 'read'));
    });

    test('a role taken from the client, or deleted, on A is refused on B within 1 s', async (t) => {
      await server.gatehouse.clientRoles.remove(holder.clientId, roleId, CLI_ACTOR);
      await onB(t, 'refuses once the role is taken away', () => refuses(child.url, 'write'));
      await server.gatehouse.clientRoles.add(holder.clientId, roleId, CLI_ACTOR);
      await onB(t, 'issues once the role is given back', () => issues(child.url, 'write'));
      await server.gatehouse.roles.delete(roleId, CLI_ACTOR);
      await onB(t, 'refuses once the role is deleted', () => refuses(child.url, 'write'));
    });
  });
}

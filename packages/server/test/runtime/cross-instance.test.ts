import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { after, before, describe, type TestContext, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import {
  type ChildServer,
  type Credentials,
  createTenant,
  introspect,
  jwksKids,
  killChildServers,
  requestToken,
  revoke,
  SHARED_ISSUER,
  startChildServer,
  type Tenant,
  tokenKid,
  within,
} from './helpers.js';

// Another process's writes must reach a running server within 1 s (issue 2, "Storage").
const VISIBLE_WITHIN_MS = 1000;
const DEFAULT_POLL_MS = String(loadConfig({}, {}).changePollMs);

for (const name of backendNames()) {
  describe(`two server processes on one store (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let child: ChildServer;
    let tenant: Tenant;
    /** Both instances, by name, for assertions that must hold on each. */
    let instances: [string, string][];

    before(async () => {
      backend = await createBackend(name);
      server = await startTestServer(backend, { env: { GATEHOUSE_ISSUER: SHARED_ISSUER } });
      // The child polls at the shipped default interval, so the 1 s bound is checked as deployed.
      child = await startChildServer(backend, {
        GATEHOUSE_ISSUER: SHARED_ISSUER,
        GATEHOUSE_CHANGE_POLL_MS: DEFAULT_POLL_MS,
      });
      instances = [
        ['in-test server', server.url],
        ['child process', child.url],
      ];
    });
    after(async () => {
      await child?.stop().catch(() => undefined);
      killChildServers();
      await server?.close();
      await backend?.cleanup();
    });

    async function issues(url: string, who: Credentials, resource?: string) {
      const res = await requestToken(url, who, { scope: `${resource ?? tenant.identifier}/read` });
      return { ok: res.status === 200, last: { status: res.status, body: res.body } };
    }

    async function refuses(url: string, who: Credentials) {
      const res = await requestToken(url, who, { scope: `${tenant.identifier}/read` });
      const ok =
        res.status === 401 &&
        res.body?.error === 'invalid_client' &&
        res.headers.get('www-authenticate') !== null;
      return { ok, last: { status: res.status, body: res.body } };
    }

    /** Waits until `check` holds on both instances, each within 1 s; notes the slower one's time. */
    async function onBoth(
      t: TestContext,
      what: string,
      check: (url: string) => Promise<{ ok: boolean; last: unknown }>,
    ) {
      const times = await Promise.all(
        instances.map(([label, url]) => within(`${label}: ${what}`, () => check(url), VISIBLE_WITHIN_MS)),
      );
      t.diagnostic(`${what}: ${Math.round(Math.max(...times))} ms`);
    }

    test('a client created through one instance gets tokens from the other within 1 s', async (t) => {
      tenant = await createTenant(server.gatehouse);
      await onBoth(t, 'issues tokens to the new client', (url) => issues(url, tenant));
      // Tokens are interchangeable: one instance's token introspects active on the other.
      const fromChild = await requestToken(child.url, tenant, { scope: `${tenant.identifier}/write` });
      assert.equal(fromChild.status, 200);
      const token = String(fromChild.body?.access_token);
      const answer = await introspect(server.url, tenant, token);
      assert.equal(answer.body?.active, true);
      assert.equal(answer.body?.client_id, tenant.clientId);
      assert.equal(answer.body?.aud, tenant.identifier);
      assert.equal(answer.body?.scope, 'write');
    });

    test('disabling the client makes both refuse it with 401 invalid_client within 1 s; enabling restores it', async (t) => {
      // Both have the client cached and warm.
      for (const [, url] of instances) assert.equal((await issues(url, tenant)).ok, true);
      await server.gatehouse.clients.setEnabled(tenant.clientId, false, CLI_ACTOR);
      await onBoth(t, 'refuses the disabled client', (url) => refuses(url, tenant));
      await server.gatehouse.clients.setEnabled(tenant.clientId, true, CLI_ACTOR);
      await onBoth(t, 'issues again once re-enabled', (url) => issues(url, tenant));
    });

    test('a new secret works on both within 1 s, and a revoked one fails on both', async (t) => {
      const added = await server.gatehouse.secrets.add(tenant.clientId, {}, CLI_ACTOR);
      const fresh: Credentials = { clientId: tenant.clientId, secret: added.value };
      await onBoth(t, 'accepts the new secret', (url) => issues(url, fresh));
      // During rotation both secrets work.
      for (const [, url] of instances) assert.equal((await issues(url, tenant)).ok, true);

      await server.gatehouse.secrets.revoke(tenant.clientId, tenant.secretId, CLI_ACTOR);
      await onBoth(t, 'refuses the revoked secret', (url) => refuses(url, tenant));
      for (const [, url] of instances) assert.equal((await issues(url, fresh)).ok, true);
      tenant = { ...tenant, secret: added.value, secretId: added.id };
    });

    test('a token revoked through either instance introspects inactive on the other within 1 s', async (t) => {
      const pairs: [string, string, string][] = [
        ['child → in-test', child.url, server.url],
        ['in-test → child', server.url, child.url],
      ];
      for (const [label, revokeAt, checkAt] of pairs) {
        const issued = await requestToken(revokeAt, tenant, { scope: `${tenant.identifier}/read` });
        assert.equal(issued.status, 200);
        const token = String(issued.body?.access_token);
        assert.equal((await introspect(checkAt, tenant, token)).body?.active, true, `${label}: active first`);
        const revoked = await revoke(revokeAt, tenant, token);
        assert.equal(revoked.status, 200);
        assert.equal(
          (await introspect(revokeAt, tenant, token)).body?.active,
          false,
          'at once where revoked',
        );
        const ms = await within(
          `${label}: revoked token introspects inactive`,
          async () => {
            const answer = await introspect(checkAt, tenant, token);
            return { ok: answer.status === 200 && answer.body?.active === false, last: answer.body };
          },
          VISIBLE_WITHIN_MS,
        );
        t.diagnostic(`${label}: revocation visible after ${Math.round(ms)} ms`);
      }
    });

    test("a key rotation on one instance reaches the other's JWKS and signing within 1 s", async (t) => {
      const before = await jwksKids(child.url);
      const earlier = await requestToken(child.url, tenant, { scope: `${tenant.identifier}/read` });
      assert.equal(earlier.status, 200);
      const oldActive = (await server.gatehouse.keys.list()).find(
        (k) => k.alg === 'ES256' && k.state === 'active',
      );
      assert.ok(oldActive);
      const keys = await server.gatehouse.keys.rotate('ES256');
      const newActive = keys.find((k) => k.alg === 'ES256' && k.state === 'active');
      assert.ok(newActive && newActive.kid !== oldActive.kid);
      assert.ok(!before.includes(newActive.kid));

      await onBoth(t, 'publishes the new key, keeping the retired one', async (url) => {
        const kids = await jwksKids(url);
        return { ok: kids.includes(newActive.kid) && kids.includes(oldActive.kid), last: kids };
      });
      await onBoth(t, 'signs with the new key', async (url) => {
        const res = await requestToken(url, tenant, { scope: `${tenant.identifier}/read` });
        const kid = res.status === 200 ? tokenKid(String(res.body?.access_token)) : null;
        return { ok: kid === newActive.kid, last: { status: res.status, kid } };
      });
      assert.deepEqual(await jwksKids(server.url), await jwksKids(child.url));
      // A token the retired key signed before the rotation still introspects active on both.
      assert.equal(tokenKid(String(earlier.body?.access_token)), oldActive.kid);
      for (const [label, url] of instances) {
        const answer = await introspect(url, tenant, String(earlier.body?.access_token));
        assert.equal(answer.body?.active, true, label);
      }
    });

    test('a new resource server and grant reach the other instance within 1 s', async (t) => {
      const identifier = `${tenant.identifier}-billing`;
      await server.gatehouse.resourceServers.create(
        {
          identifier,
          name: 'Billing',
          scopes: [{ name: 'read' }],
        },
        CLI_ACTOR,
      );
      await server.gatehouse.clients.addPermissions(tenant.clientId, [`${identifier}/read`], CLI_ACTOR);
      await onBoth(t, 'issues tokens for the new resource server', (url) => issues(url, tenant, identifier));
      await server.gatehouse.clients.removePermissions(tenant.clientId, [`${identifier}/read`], CLI_ACTOR);
      await onBoth(t, 'refuses the revoked grant', async (url) => {
        const res = await requestToken(url, tenant, { scope: `${identifier}/read` });
        return { ok: res.status === 400 && res.body?.error === 'invalid_scope', last: res.body };
      });
    });

    test('deleting the client makes both refuse it within 1 s', async (t) => {
      for (const [, url] of instances) assert.equal((await issues(url, tenant)).ok, true);
      await server.gatehouse.clients.delete(tenant.clientId, CLI_ACTOR);
      await onBoth(t, 'refuses the deleted client', (url) => refuses(url, tenant));
    });
  });
}

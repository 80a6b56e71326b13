import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SIGNING_ALGS } from '@gatehouse/schemas';
import { ConfigError } from '../../src/config.js';
import { generateMasterKey, MasterKeyError } from '../../src/crypto/master-key.js';
import type { RunningServer } from '../../src/serve.js';
import { MasterKeyMismatchError } from '../../src/services/keys.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import {
  type Credentials,
  createTenant,
  introspect,
  jwksKids,
  requestToken,
  SHARED_ISSUER,
  type Tenant,
  tokenKid,
} from './helpers.js';

const ENV = { GATEHOUSE_ISSUER: SHARED_ISSUER };
/** After one ES256 rotation and one pre-publication. */
const PUBLISHED = SIGNING_ALGS.length + 2;

for (const name of backendNames()) {
  describe(`restart on the same store (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer | undefined;

    before(async () => {
      backend = await createBackend(name);
    });
    after(async () => {
      await server?.close();
      await backend?.cleanup();
    });

    test('clients, secrets, grants and keys survive close and reopen', async () => {
      server = await startTestServer(backend, { env: ENV });
      const tenant: Tenant = await createTenant(server.gatehouse);
      const second = await server.gatehouse.secrets.add(tenant.clientId, { expiresIn: 3600 }, CLI_ACTOR);
      const dropped = await server.gatehouse.secrets.add(tenant.clientId, {}, CLI_ACTOR);
      await server.gatehouse.secrets.revoke(tenant.clientId, dropped.id, CLI_ACTOR);
      await server.gatehouse.keys.rotate('ES256');
      await server.gatehouse.keys.rotate('ES256', { prepublish: true });
      await server.runtime.poll();
      await server.runtime.poll();

      const issued = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
      assert.equal(issued.status, 200);
      const token = String(issued.body?.access_token);
      const kidsBefore = await jwksKids(server.url);
      assert.equal(
        kidsBefore.length,
        PUBLISHED,
        'an active key per algorithm, a retired and a next ES256 key',
      );
      const clientBefore = await server.gatehouse.clients.get(tenant.clientId, CLI_ACTOR);
      const serversBefore = await server.gatehouse.resourceServers.list(CLI_ACTOR);
      const keysBefore = await server.gatehouse.keys.list();
      await server.close();
      server = undefined;

      server = await startTestServer(backend, { env: ENV });
      assert.deepEqual(await jwksKids(server.url), kidsBefore, 'the same JWKS, kid for kid, in order');
      assert.deepEqual(await server.gatehouse.keys.list(), keysBefore);
      assert.deepEqual(await server.gatehouse.resourceServers.list(CLI_ACTOR), serversBefore);
      const clientAfter = await server.gatehouse.clients.get(tenant.clientId, CLI_ACTOR);
      assert.ok(clientAfter.lastUsedAt, 'the last-used time written behind was flushed at close');
      // The secret that got the token has its last use written behind too.
      const lastUses = clientAfter.secrets.map((secret) => secret.lastUsedAt);
      assert.deepEqual(
        lastUses.map((at) => at !== null),
        clientAfter.secrets.map((secret) => secret.id === tenant.secretId),
      );
      const withoutUse = (client: typeof clientAfter) => ({
        ...client,
        lastUsedAt: null,
        secrets: client.secrets.map((secret) => ({ ...secret, lastUsedAt: null })),
      });
      assert.deepEqual(withoutUse(clientAfter), withoutUse(clientBefore));

      // Both live secrets still work, the revoked one still does not, and the same key signs.
      const again = await requestToken(server.url, tenant, { scope: `${tenant.identifier}/read` });
      assert.equal(again.status, 200);
      assert.equal(tokenKid(String(again.body?.access_token)), tokenKid(token));
      const withSecond: Credentials = { clientId: tenant.clientId, secret: second.value };
      assert.equal((await requestToken(server.url, withSecond, { resource: tenant.identifier })).status, 200);
      const withDropped: Credentials = { clientId: tenant.clientId, secret: dropped.value };
      assert.equal(
        (await requestToken(server.url, withDropped, { resource: tenant.identifier })).status,
        401,
      );
      // A token issued before the restart is still good.
      const answer = await introspect(server.url, tenant, token);
      assert.equal(answer.body?.active, true);
      assert.equal(answer.body?.scope, 'read');
      await server.close();
      server = undefined;
    });

    test('a different GATEHOUSE_MASTER_KEY on the same store is refused with a clear message', async () => {
      await assert.rejects(
        startTestServer(backend, { env: { ...ENV, GATEHOUSE_MASTER_KEY: generateMasterKey() } }),
        (error: unknown) => {
          assert.ok(error instanceof MasterKeyMismatchError, `got ${String(error)}`);
          assert.match(error.message, /master key does not match/);
          assert.match(error.message, /GATEHOUSE_MASTER_KEY/);
          return true;
        },
      );
      // Refusing changed nothing: the right key still opens the store.
      server = await startTestServer(backend, { env: ENV });
      assert.equal((await jwksKids(server.url)).length, PUBLISHED);
      await server.close();
      server = undefined;
    });

    if (name === 'postgres') {
      test('PostgreSQL without GATEHOUSE_MASTER_KEY fails with a ConfigError naming the variable', async () => {
        await assert.rejects(
          startTestServer(backend, { env: { ...ENV, GATEHOUSE_MASTER_KEY: '' } }),
          (error: unknown) => {
            assert.ok(error instanceof ConfigError, `got ${String(error)}`);
            assert.match(error.message, /GATEHOUSE_MASTER_KEY is required with PostgreSQL/);
            return true;
          },
        );
        assert.equal(existsSync(join(backend.dataDir, 'master.key')), false, 'no key file was made instead');
      });
    } else {
      test('SQLite without GATEHOUSE_MASTER_KEY and no key file beside the store: an error naming the file, and no new key', async () => {
        await assert.rejects(
          startTestServer(backend, { env: { ...ENV, GATEHOUSE_MASTER_KEY: '' } }),
          (error: unknown) => {
            assert.ok(error instanceof MasterKeyError, `got ${String(error)}`);
            assert.match(
              error.message,
              /master\.key is missing, but the store .*gatehouse\.db already exists/,
            );
            return true;
          },
        );
        assert.equal(existsSync(join(backend.dataDir, 'master.key')), false, 'no key file was made instead');
      });
    }
  });
}

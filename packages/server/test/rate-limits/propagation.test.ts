import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { CLI_ACTOR } from '../../src/services/actor.js';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { within } from '../support/within.js';
import { createTenant, requestToken, type Tenant } from '../runtime/helpers.js';

const DEFAULT_POLL_MS = String(loadConfig({}, {}).changePollMs);

/**
 * A limit set through one instance holds at another on the same store within a second: the
 * shipped poll interval leaves room for that, and the other instance, polling at it, follows.
 * The wait allows three seconds, so a loaded test machine's stalls are not read as a late change.
 */
for (const name of backendNames()) {
  describe(`rate limit changes reach other instances (${name})`, () => {
    let backend: TestBackend;
    let writer: RunningServer;
    let other: RunningServer;

    before(async () => {
      backend = await createBackend(name);
      writer = await startTestServer(backend);
      // The other instance polls at the shipped default, so the bound is checked as deployed.
      other = await startTestServer(backend, { env: { GATEHOUSE_CHANGE_POLL_MS: DEFAULT_POLL_MS } });
    });
    after(async () => {
      await other?.close();
      await writer?.close();
      await backend?.cleanup();
    });

    test('the shipped poll interval leaves room to follow a change within a second', () => {
      assert.ok(Number(DEFAULT_POLL_MS) <= 250, `polls every ${DEFAULT_POLL_MS} ms`);
    });

    const refusedAtOther = (tenant: Tenant) => async () => {
      const answer = await requestToken(other.url, tenant, { scope: `${tenant.identifier}/read` });
      return { ok: answer.status === 429, last: answer.status };
    };

    test("a client's own limit", async () => {
      const tenant = await createTenant(writer.gatehouse);
      await other.runtime.poll();
      assert.equal(
        (await requestToken(other.url, tenant, { scope: `${tenant.identifier}/read` })).status,
        200,
      );
      await writer.gatehouse.limits.setClient(tenant.clientId, { daily: 1 }, CLI_ACTOR);
      await within('the other instance enforces the new quota', refusedAtOther(tenant), 3000);
    });

    test("a team's default, and the platform's", async () => {
      const team = await writer.gatehouse.teams.create({ slug: 'bounded', name: 'Bounded' }, CLI_ACTOR);
      const teamed = await createTenant(writer.gatehouse, team.id);
      await writer.gatehouse.limits.setTeam(team.id, { rate: 0.001, burst: 1 }, CLI_ACTOR);
      await within('the other instance follows the team default', refusedAtOther(teamed), 3000);

      const anyone = await createTenant(writer.gatehouse);
      await other.runtime.poll();
      assert.equal(
        (await requestToken(other.url, anyone, { scope: `${anyone.identifier}/read` })).status,
        200,
      );
      await writer.gatehouse.limits.setPlatform({ rate: 0.001, burst: 1 }, CLI_ACTOR);
      try {
        await within('the other instance follows the platform default', refusedAtOther(anyone), 3000);
      } finally {
        await writer.gatehouse.limits.setPlatform({}, CLI_ACTOR);
      }
    });
  });
}

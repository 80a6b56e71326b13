// `gatehouse teams rename` and `gatehouse teams delete`, as an operator runs them.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { openGatehouse } from '../../src/services/gatehouse.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse teams rename and delete (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      await ok(gatehouse('teams', 'create', '--slug', 'orders', '--name', 'Orders', '--json'));
    });
    after(() => backend.cleanup());

    const auditActions = async () => {
      const g = await openGatehouse(backend.config());
      try {
        const { events } = await g.audit.list(CLI_ACTOR, { team: undefined });
        return events.map((e) => `${e.actor.name} ${e.action} ${e.target.name}`);
      } finally {
        await g.close();
      }
    };

    test('rename changes the display name, keeps the slug, and is audited', async () => {
      const text = await gatehouse('teams', 'rename', 'orders', 'Orders and billing');
      assert.equal(text.code, 0, text.stderr);
      assert.equal(text.stdout, 'Renamed team orders to "Orders and billing".\n');
      const team = await ok<CliOutput<'team'>>(
        gatehouse('teams', 'rename', 'orders', 'Orders & billing', '--description', 'Money', '--json'),
      );
      assert.equal(team.slug, 'orders');
      assert.equal(team.name, 'Orders & billing');
      assert.equal(team.description, 'Money');
      assert.ok((await auditActions()).includes('cli team.update orders'));
    });

    test('rename refuses an empty name by its argument, and an unknown team', async () => {
      const empty = await gatehouse('teams', 'rename', 'orders', ' ');
      assert.equal(empty.code, 1);
      assert.match(empty.stderr, /^error: NEW-NAME: .*required/m);
      const missing = await gatehouse('teams', 'rename', 'no-such-team', 'X');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no team "no-such-team"/);
      assertNoStack(missing);
    });

    test('delete refuses while the team owns an API, naming it; then deletes the empty team', async () => {
      const g = await openGatehouse(backend.config());
      try {
        await g.resourceServers.create({ identifier: 'orders-api', name: 'Orders' }, CLI_ACTOR, {
          teamId: (await g.teams.get('orders', CLI_ACTOR)).id,
        });
      } finally {
        await g.close();
      }
      const refused = await gatehouse('teams', 'delete', 'orders');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^error: team "orders" still owns 1 API \(orders-api\); move them/m);
      const json = await gatehouse('teams', 'delete', 'orders', '--json');
      assert.equal(json.json<CliOutput<'error'>>().error, 'conflict');
      await ok(gatehouse('resource-servers', 'delete', 'orders-api', '--json'));
      const deleted = await ok<CliOutput<'teamDeleted'>>(gatehouse('teams', 'delete', 'orders', '--json'));
      assert.deepEqual(deleted, { deleted: 'orders' });
      const teams = await ok<CliOutput<'teams'>>(gatehouse('teams', 'list', '--json'));
      assert.deepEqual(teams, []);
      assert.ok((await auditActions()).includes('cli team.delete orders'));
    });
  });
}

// `gatehouse resource-servers update --team / --alg`: moving an API and switching its algorithm.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { KEY_READY_MS } from '../../src/services/key-readiness.js';
import { openStore } from '../../src/store/open.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse resource-servers update --team and --alg (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      await ok(gatehouse('teams', 'create', '--slug', 'orders', '--name', 'Orders', '--json'));
      await ok(gatehouse('teams', 'create', '--slug', 'shop', '--name', 'Shop', '--json'));
      await ok(
        gatehouse(
          'resource-servers',
          'create',
          '--identifier',
          'orders-api',
          '--name',
          'Orders',
          '--team',
          'orders',
          '--json',
        ),
      );
    });
    after(() => backend.cleanup());

    test('--team moves the API; an unknown team is refused by its flag and nothing changes', async () => {
      const teams = await ok<CliOutput<'teams'>>(gatehouse('teams', 'list', '--json'));
      const shop = teams.find((t) => t.slug === 'shop');
      const moved = await ok<CliOutput<'resourceServer'>>(
        gatehouse('resource-servers', 'update', 'orders-api', '--team', 'shop', '--json'),
      );
      assert.equal(moved.teamId, shop?.id);
      const missing = await gatehouse('resource-servers', 'update', 'orders-api', '--team', 'nope');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no team "nope"/);
      const empty = await gatehouse('resource-servers', 'update', 'orders-api', '--team', '');
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /^error: --team needs a value/m);
      assertNoStack(empty);
      const shown = await ok<CliOutput<'resourceServer'>>(
        gatehouse('resource-servers', 'show', 'orders-api', '--json'),
      );
      assert.equal(shown.teamId, shop?.id);
    });

    test('--alg is refused while the key is new, naming how to ready one; accepted once it has been published long enough', async () => {
      const refused = await gatehouse('resource-servers', 'update', 'orders-api', '--alg', 'RS256');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^error: cannot switch "orders-api" to RS256 yet/m);
      assert.ok(refused.stderr.includes('gatehouse keys rotate --alg RS256 --prepublish'), refused.stderr);
      assertNoStack(refused);
      // As if the store had been made ten minutes ago: the keys have been in the JWKS that long.
      const db = await openStore(backend);
      try {
        await db.run('UPDATE signing_keys SET created_at = created_at - ?', [KEY_READY_MS]);
      } finally {
        await db.close();
      }
      const switched = await ok<CliOutput<'resourceServer'>>(
        gatehouse('resource-servers', 'update', 'orders-api', '--alg', 'RS256', '--json'),
      );
      assert.equal(switched.signingAlg, 'RS256');
    });
  });
}

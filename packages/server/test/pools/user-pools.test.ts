import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POOL_SETTINGS } from '@gatehouse/schemas';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CLI_ACTOR, SYSTEM_ACTOR } from '../../src/services/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/services/errors.js';
import { ADMIN, eachStore } from './harness.js';

test('GATEHOUSE_REGION defaults to local and is checked at start', () => {
  assert.equal(loadConfig({}, {}).region, 'local');
  assert.equal(loadConfig({}, { GATEHOUSE_REGION: 'eu-west-1' }).region, 'eu-west-1');
  for (const bad of ['EU-WEST-1', 'eu_west_1', 'x', 'eu-west', '']) {
    assert.throws(
      () => loadConfig({}, { GATEHOUSE_REGION: bad }),
      (error: unknown) =>
        error instanceof ConfigError && /GATEHOUSE_REGION must be local or a region/.test(error.message),
      bad,
    );
  }
});

eachStore(
  'user pools',
  (world) => {
    test('a new pool has a Cognito-shaped id in the configured region, its issuer and every default', async () => {
      const { gatehouse, alice, orders } = world();
      const pool = await gatehouse.userPools.create({ name: 'Shop', team: 'orders' }, alice);
      assert.match(pool.id, /^eu-west-1_[A-Za-z0-9]{9}$/);
      assert.equal(pool.teamId, orders);
      assert.equal(pool.issuer, `http://localhost:0/pools/${pool.id}`);
      assert.deepEqual(pool.settings, { ...DEFAULT_POOL_SETTINGS, branding: {} });
      assert.equal(pool.settings.passwordPolicy.minLength, 12);
      assert.equal(pool.settings.tokens.refreshTokenSeconds, 30 * 86_400);
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) ids.add((await gatehouse.userPools.create({ name: `P${i}` }, ADMIN)).id);
      assert.equal(ids.size, 5);
    });

    test('settings given at creation are kept; bad ones are refused with the field named', async () => {
      const { gatehouse } = world();
      const pool = await gatehouse.userPools.create(
        { name: 'Test', selfSignUp: true, autoConfirm: true, passwordPolicy: { minLength: 6 } },
        CLI_ACTOR,
      );
      assert.equal(pool.settings.selfSignUp, true);
      assert.equal(pool.settings.passwordPolicy.minLength, 6);
      assert.equal(pool.settings.tokens.accessTokenSeconds, 3600);
      const refused = async (input: object, path: RegExp) => {
        await assert.rejects(
          gatehouse.userPools.create({ name: 'Bad', ...input }, CLI_ACTOR),
          (error: unknown) => error instanceof ValidationError && error.issues.some((i) => path.test(i.path)),
        );
      };
      await refused({ passwordPolicy: { minLength: 5 } }, /^passwordPolicy\.minLength$/);
      await refused({ tokens: { accessTokenSeconds: 100 } }, /^tokens\.accessTokenSeconds$/);
      await refused({ signInWith: 'phone' }, /^signInWith$/);
      await refused({ requiredAttributes: ['shoe_size'] }, /^requiredAttributes\.0$/);
      await refused({ branding: { logoUrl: 'http://cdn.example.com/logo.png' } }, /^branding\.logoUrl$/);
      await refused({ branding: { primaryColor: 'red' } }, /^branding\.primaryColor$/);
      await refused({ name: '' }, /^name$/);
    });

    test('a team member sees and changes their team’s pools only; platform admins see all', async () => {
      const { gatehouse, alice, bob } = world();
      const shop = await gatehouse.userPools.create({ name: 'Alice shop', team: 'orders' }, alice);
      const ledger = await gatehouse.userPools.create({ name: 'Bob ledger', team: 'billing' }, bob);
      const seenBy = async (actor: typeof alice) => (await gatehouse.userPools.list(actor)).map((p) => p.id);
      assert.ok((await seenBy(alice)).includes(shop.id));
      assert.ok(!(await seenBy(alice)).includes(ledger.id));
      assert.ok(!(await seenBy(bob)).includes(shop.id));
      assert.ok((await seenBy(ADMIN)).includes(shop.id) && (await seenBy(ADMIN)).includes(ledger.id));
      await assert.rejects(gatehouse.userPools.get(shop.id, bob), ForbiddenError);
      await assert.rejects(gatehouse.userPools.update(shop.id, { name: 'Mine' }, bob), ForbiddenError);
      await assert.rejects(gatehouse.userPools.delete(shop.id, bob), ForbiddenError);
      await assert.rejects(gatehouse.userPools.create({ name: 'x', team: 'orders' }, bob), ForbiddenError);
      await assert.rejects(gatehouse.userPools.create({ name: 'no team' }, bob), /only platform admins/);
      assert.equal((await gatehouse.userPools.get(shop.id, alice)).name, 'Alice shop');
      await assert.rejects(gatehouse.userPools.get('local_nothere12', alice), NotFoundError);
    });

    test('a machine client needs the user-pools scopes, whatever its team', async () => {
      const { gatehouse } = world();
      const client = {
        ...SYSTEM_ACTOR,
        type: 'client',
        isAdmin: false,
        everyTeam: true,
        scopes: new Set(['user-pools:read']),
        holds: new Map(),
      } as const;
      await assert.rejects(
        gatehouse.userPools.create({ name: 'x', team: 'orders' }, client),
        /user-pools:write/,
      );
      assert.ok(Array.isArray(await gatehouse.userPools.list(client)));
    });

    test('an update merges settings group by group and is audited with its actor', async () => {
      const { gatehouse, alice } = world();
      const pool = await gatehouse.userPools.create(
        { name: 'Merge', team: 'orders', branding: { displayName: 'Shop', primaryColor: '#112233' } },
        alice,
      );
      const updated = await gatehouse.userPools.update(
        pool.id,
        { tokens: { accessTokenSeconds: 600 }, branding: { primaryColor: null }, selfSignUp: true },
        alice,
      );
      assert.equal(updated.settings.tokens.accessTokenSeconds, 600);
      assert.equal(updated.settings.tokens.idTokenSeconds, 3600);
      assert.deepEqual(updated.settings.branding, { displayName: 'Shop' });
      assert.equal(updated.settings.selfSignUp, true);
      assert.deepEqual((await gatehouse.userPools.get(pool.id, alice)).settings, updated.settings);
      await assert.rejects(
        gatehouse.userPools.update(pool.id, { tokens: { refreshIdleSeconds: 40 * 86_400 } }, alice),
        /refreshIdleSeconds: must not be longer than refreshTokenSeconds/,
      );
      await assert.rejects(
        gatehouse.userPools.update(pool.id, { colour: 'x' } as object, alice),
        ValidationError,
      );
      const { events } = await gatehouse.audit.list(ADMIN, { targetId: pool.id });
      assert.deepEqual(
        events.map((e) => `${e.actor.name} ${e.action}`),
        ['alice user_pool.update', 'alice user_pool.create'],
      );
    });

    test('deleting a pool deletes what it holds', async () => {
      const { gatehouse, alice } = world();
      const pool = await gatehouse.userPools.create(
        { name: 'Gone', team: 'orders', requiredAttributes: [] },
        alice,
      );
      await gatehouse.poolUsers.create(pool.id, { username: 'kim' }, alice);
      await gatehouse.appClients.create(
        pool.id,
        { name: 'web', redirectUris: ['https://a.example.com/cb'] },
        alice,
      );
      await gatehouse.userPools.delete(pool.id, alice);
      await assert.rejects(gatehouse.userPools.get(pool.id, alice), NotFoundError);
      const left = await gatehouse.db.get<{ n: number }>(
        'SELECT (SELECT COUNT(*) FROM pool_users WHERE pool_id = ?) + (SELECT COUNT(*) FROM pool_app_clients WHERE pool_id = ?) AS n',
        [pool.id, pool.id],
      );
      assert.equal(Number(left?.n), 0);
    });
  },
  { GATEHOUSE_REGION: 'eu-west-1' },
);

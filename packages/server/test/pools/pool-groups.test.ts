import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { ADMIN, eachStore } from './harness.js';

eachStore('pool groups', (world) => {
  test('groups are created, joined in precedence order, left, and deleted with their memberships', async () => {
    const { gatehouse, alice, bob } = world();
    const pool = await gatehouse.userPools.create(
      { name: 'Groups', team: 'orders', requiredAttributes: [] },
      alice,
    );
    const user = await gatehouse.poolUsers.create(pool.id, { username: 'jo' }, alice);
    const admins = await gatehouse.poolGroups.create(
      pool.id,
      { name: 'admins', description: 'Shop admins', precedence: 1 },
      alice,
    );
    assert.deepEqual(
      { ...admins, createdAt: undefined },
      { poolId: pool.id, name: 'admins', description: 'Shop admins', precedence: 1, createdAt: undefined },
    );
    await gatehouse.poolGroups.create(pool.id, { name: 'buyers' }, alice);
    await gatehouse.poolGroups.create(pool.id, { name: 'zeta', precedence: 0 }, alice);
    await assert.rejects(gatehouse.poolGroups.create(pool.id, { name: 'admins' }, alice), ConflictError);
    await assert.rejects(
      gatehouse.poolGroups.create(pool.id, { name: 'two words' }, alice),
      /name: may contain/,
    );
    assert.deepEqual(
      (await gatehouse.poolGroups.list(pool.id, alice)).map((g) => g.name),
      ['admins', 'buyers', 'zeta'],
    );
    await gatehouse.poolGroups.addUser(pool.id, 'buyers', 'jo', alice);
    await gatehouse.poolGroups.addUser(pool.id, 'admins', 'JO', alice);
    // Joining twice changes nothing.
    assert.deepEqual(await gatehouse.poolGroups.addUser(pool.id, 'zeta', user.sub, alice), [
      'zeta',
      'admins',
      'buyers',
    ]);
    assert.deepEqual(await gatehouse.poolGroups.addUser(pool.id, 'zeta', 'jo', alice), [
      'zeta',
      'admins',
      'buyers',
    ]);
    assert.deepEqual((await gatehouse.poolUsers.get(pool.id, 'jo', alice)).groups, [
      'zeta',
      'admins',
      'buyers',
    ]);
    assert.deepEqual(await gatehouse.poolGroups.members(pool.id, 'admins', alice), [user.sub]);
    assert.deepEqual(await gatehouse.poolGroups.removeUser(pool.id, 'zeta', 'jo', alice), [
      'admins',
      'buyers',
    ]);
    await assert.rejects(
      gatehouse.poolGroups.removeUser(pool.id, 'zeta', 'jo', alice),
      /is not in group "zeta"/,
    );
    await assert.rejects(gatehouse.poolGroups.addUser(pool.id, 'nobody', 'jo', alice), NotFoundError);
    await assert.rejects(gatehouse.poolGroups.addUser(pool.id, 'admins', 'ghost', alice), NotFoundError);
    await assert.rejects(gatehouse.poolGroups.addUser(pool.id, 'admins', 'jo', bob), ForbiddenError);
    await assert.rejects(gatehouse.poolGroups.list(pool.id, bob), ForbiddenError);
    await gatehouse.poolGroups.delete(pool.id, 'admins', alice);
    assert.deepEqual(await gatehouse.poolGroups.groupsOf(pool.id, 'jo', alice), ['buyers']);
    const { events } = await gatehouse.audit.list(ADMIN, { targetId: `${pool.id}/admins` });
    assert.deepEqual(
      events.map((e) => e.action),
      ['pool_group.delete', 'pool_group.add_user', 'pool_group.create'],
    );
  });
});

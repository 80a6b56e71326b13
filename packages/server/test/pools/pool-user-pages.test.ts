import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/services/errors.js';
import type { PoolUserPageQuery } from '../../src/services/pools/pool-user-pages.js';
import { eachStore, strongPassword } from './harness.js';

eachStore('pool user pages', (world) => {
  let poolId = '';
  const names = (query: PoolUserPageQuery) =>
    world()
      .gatehouse.poolUsers.page(poolId, world().alice, query)
      .then((page) => page.users.map((u) => u.username));

  test('set-up: a pool with users of every kind', async () => {
    const { gatehouse, alice } = world();
    poolId = (await gatehouse.userPools.create({ name: 'Search', team: 'orders' }, alice)).id;
    const add = (username: string, extra: object = {}) =>
      gatehouse.poolUsers.create(poolId, { username, password: strongPassword(), ...extra }, alice);
    await add('Kim', {
      email: 'Kim.Lee@Example.com',
      attributes: { given_name: 'Kim', family_name: 'Lee', phone_number: '+14155550100' },
    });
    await add('kimberly', { email: 'kimberly@example.org', attributes: { given_name: 'Kimberly' } });
    await add('lee', { attributes: { name: '50%_off', preferred_username: 'Lee' } });
    await add('le_e', { attributes: { name: '50xxoff' } });
    await add('ash', { temporaryPassword: true, attributes: { given_name: 'kim' } });
    await gatehouse.poolUsers.create(poolId, { username: 'zed' }, alice);
    await gatehouse.poolUsers.disable(poolId, 'lee', alice);
  });

  test('without a condition: every user, by username', async () => {
    assert.deepEqual(await names({ limit: 60 }), ['ash', 'Kim', 'kimberly', 'le_e', 'lee', 'zed']);
  });

  test('usernames and emails match without case; attributes as written', async () => {
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'username', match: 'exact', value: 'KIM' } }),
      ['Kim'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'username', match: 'prefix', value: 'KI' } }),
      ['Kim', 'kimberly'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'email', match: 'exact', value: 'kim.lee@example.COM' } }),
      ['Kim'],
    );
    assert.deepEqual(await names({ limit: 60, search: { field: 'email', match: 'prefix', value: 'KIM' } }), [
      'Kim',
      'kimberly',
    ]);
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'given_name', match: 'prefix', value: 'Kim' } }),
      ['Kim', 'kimberly'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'given_name', match: 'exact', value: 'kim' } }),
      ['ash'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'phone_number', match: 'exact', value: '+14155550100' } }),
      ['Kim'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'preferred_username', match: 'exact', value: 'Lee' } }),
      ['lee'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'family_name', match: 'exact', value: 'lee' } }),
      [],
    );
  });

  test('% _ and \\ in a prefix are plain characters', async () => {
    assert.deepEqual(await names({ limit: 60, search: { field: 'name', match: 'prefix', value: '50%_' } }), [
      'lee',
    ]);
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'username', match: 'prefix', value: 'le_' } }),
      ['le_e'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'username', match: 'prefix', value: '%' } }),
      [],
    );
    assert.deepEqual(await names({ limit: 60, search: { field: 'name', match: 'prefix', value: '\\' } }), []);
  });

  test('by status, without case, and by enabled', async () => {
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'status', match: 'exact', value: 'force_change_password' } }),
      ['ash'],
    );
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'status', match: 'prefix', value: 'RESET' } }),
      ['zed'],
    );
    assert.deepEqual(await names({ limit: 60, search: { field: 'enabled', value: false } }), ['lee']);
    assert.equal((await names({ limit: 60, search: { field: 'enabled', value: true } })).length, 5);
  });

  test('by sub', async () => {
    const { gatehouse, alice } = world();
    const kim = await gatehouse.poolUsers.get(poolId, 'kim', alice);
    assert.deepEqual(await names({ limit: 60, search: { field: 'sub', match: 'exact', value: kim.sub } }), [
      'Kim',
    ]);
    assert.deepEqual(
      await names({ limit: 60, search: { field: 'sub', match: 'prefix', value: kim.sub.slice(0, 30) } }),
      ['Kim'],
    );
  });

  test('pages follow each other with the cursor, and the last has none', async () => {
    const { gatehouse, alice } = world();
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await gatehouse.poolUsers.page(poolId, alice, { limit: 4, after });
      seen.push(...page.users.map((u) => u.username));
      after = page.after;
      pages++;
    } while (after !== undefined);
    assert.equal(pages, 2);
    assert.deepEqual(seen, ['ash', 'Kim', 'kimberly', 'le_e', 'lee', 'zed']);
    // A page that ends exactly at the last user says so.
    const exact = await gatehouse.poolUsers.page(poolId, alice, { limit: 6 });
    assert.equal(exact.after, undefined);
    const filtered = await gatehouse.poolUsers.page(poolId, alice, {
      limit: 1,
      search: { field: 'username', match: 'prefix', value: 'kim' },
    });
    assert.deepEqual(
      filtered.users.map((u) => u.username),
      ['Kim'],
    );
    const next = await gatehouse.poolUsers.page(poolId, alice, {
      limit: 1,
      after: filtered.after,
      search: { field: 'username', match: 'prefix', value: 'kim' },
    });
    assert.deepEqual(
      next.users.map((u) => u.username),
      ['kimberly'],
    );
    assert.equal(next.after, undefined);
  });

  test('bad queries and other teams are refused', async () => {
    const { gatehouse, alice, bob } = world();
    for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
      await assert.rejects(gatehouse.poolUsers.page(poolId, alice, { limit }), ValidationError);
    }
    await assert.rejects(
      gatehouse.poolUsers.page(poolId, alice, {
        limit: 1,
        search: { field: 'name', match: 'exact', value: 'nul\u0000' },
      }),
      ValidationError,
    );
    await assert.rejects(
      gatehouse.poolUsers.page(poolId, alice, {
        limit: 1,
        search: { field: 'custom:tier' as 'name', match: 'exact', value: 'x' },
      }),
      ValidationError,
    );
    await assert.rejects(gatehouse.poolUsers.page(poolId, bob, { limit: 1 }), ForbiddenError);
    await assert.rejects(gatehouse.poolUsers.page('local_nothere00', alice, { limit: 1 }), NotFoundError);
  });
});

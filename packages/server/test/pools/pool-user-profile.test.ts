import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, ValidationError } from '../../src/services/errors.js';
import { eachStore } from './harness.js';

eachStore('pool user profiles', (world) => {
  const newPool = async (settings: object = {}) => {
    const { gatehouse, alice } = world();
    return (await gatehouse.userPools.create({ name: 'People', team: 'orders', ...settings }, alice)).id;
  };

  test('an update changes email and attributes; a new email is unverified and must stay unique where it signs in', async () => {
    const { gatehouse, alice } = world();
    const poolId = await newPool({ signInWith: 'email' });
    await gatehouse.poolUsers.create(poolId, { username: 'u1', email: 'one@example.com' }, alice);
    const two = await gatehouse.poolUsers.create(
      poolId,
      {
        username: 'u2',
        email: 'two@example.com',
        emailVerified: true,
        attributes: { name: 'Two', locale: 'en' },
      },
      alice,
    );
    const same = await gatehouse.poolUsers.update(
      poolId,
      'u2',
      { attributes: { locale: '', 'custom:x': '1' } },
      alice,
    );
    assert.deepEqual(same.attributes, { name: 'Two', 'custom:x': '1' });
    assert.equal(same.emailVerified, true);
    const moved = await gatehouse.poolUsers.update(poolId, two.sub, { email: 'Second@Example.com' }, alice);
    assert.equal(moved.email, 'second@example.com');
    assert.equal(moved.emailVerified, false);
    assert.equal((await gatehouse.poolUsers.findForSignIn(poolId, 'second@example.com'))?.user?.sub, two.sub);
    await assert.rejects(
      gatehouse.poolUsers.update(poolId, 'u2', { email: 'one@example.com' }, alice),
      ConflictError,
    );
    await assert.rejects(
      gatehouse.poolUsers.update(poolId, 'u2', { email: null }, alice),
      /email: is required/,
    );
    await assert.rejects(
      gatehouse.poolUsers.update(poolId, 'u2', { password: 'x' } as object, alice),
      ValidationError,
    );
  });
});

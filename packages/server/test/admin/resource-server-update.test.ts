import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ResourceServer, Team } from '@gatehouse/schemas';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

describeEachBackend('admin API: changing a resource server (PATCH), its token profile first', (gate) => {
  let alice: ApiSession;
  let bob: ApiSession;
  let team: Team;
  let api: ResourceServer;
  const path = () => `/api/v1/resource-servers/${api.id}`;

  before(async () => {
    alice = await gate.user('alice@example.com');
    bob = await gate.user('bob@example.com');
    team = await gate.team(alice, 'orders-team');
    api = await gate.resourceServer(alice, team.id, {
      identifier: 'lj-health-food',
      name: 'LJ Health Food',
      scopes: [{ name: 'place-order' }],
      tokenProfile: 'cognito',
    });
  });

  test('created with a profile, changed by its owner; what is not named stays', async () => {
    assert.equal(api.tokenProfile, 'cognito');
    const updated = ok(await alice.patch<ResourceServer>(path(), { tokenProfile: 'rfc9068', tokenTtl: 900 }));
    assert.deepEqual(
      { ...updated, updatedAt: '' },
      { ...api, tokenProfile: 'rfc9068', tokenTtl: 900, updatedAt: '' },
    );
    assert.deepEqual(ok(await alice.get<ResourceServer>(path())), updated);
  });

  test('another team is forbidden; bad or unknown fields are refused; nothing changes', async () => {
    const before = ok(await alice.get<ResourceServer>(path()));
    assertApiError(await bob.patch(path(), { tokenProfile: 'cognito' }), 403, 'forbidden');
    const bad = await alice.patch(path(), { tokenProfile: 'aws' });
    assertApiError(bad, 422, 'validation_failed');
    assert.match(JSON.stringify(bad.body), /must be one of rfc9068, cognito/);
    assertApiError(await alice.patch(path(), { identifier: 'other' }), 422, 'validation_failed');
    assert.deepEqual(ok(await alice.get<ResourceServer>(path())), before);
  });

  test('Gatehouse’s own API cannot be changed', async () => {
    const builtIn = ok(await gate.admin.get<ResourceServer>('/api/v1/resource-servers/gatehouse-admin'));
    assertApiError(
      await gate.admin.patch(`/api/v1/resource-servers/${builtIn.id}`, { tokenProfile: 'cognito' }),
      409,
      'conflict',
    );
  });
});

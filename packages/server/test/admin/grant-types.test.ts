import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Client, Team } from '@gatehouse/schemas';
import { type ApiSession, describeEachBackend, issuePaths, ok } from './harness.js';

describeEachBackend('admin API: the grant types a client may use', (gate) => {
  let admin: ApiSession;
  let team: Team;

  before(async () => {
    admin = gate.admin;
    team = await gate.team(admin, 'granters');
  });

  test('a new client may use client_credentials unless it says otherwise', async () => {
    const { client } = await gate.client(admin, team.id, { name: 'default' });
    assert.deepEqual(client.grantTypes, ['client_credentials']);
    const none = ok(
      await admin.post<{ client: Client }>('/api/v1/clients', {
        teamId: team.id,
        name: 'none',
        grantTypes: [],
      }),
      201,
    ).client;
    assert.deepEqual(none.grantTypes, []);
    assert.deepEqual(ok(await admin.get<Client>(`/api/v1/clients/${none.clientId}`)).grantTypes, []);
  });

  test('an unknown grant type is a validation error that names the ones the server knows', async () => {
    const created = await admin.post('/api/v1/clients', {
      teamId: team.id,
      name: 'people',
      grantTypes: ['client_credentials', 'password'],
    });
    assert.deepEqual(issuePaths(created), ['grantTypes.1']);
    assert.equal(created.body.issues[0].message, 'must be one of client_credentials');
    assert.equal(created.body.message, 'grantTypes.1: must be one of client_credentials');

    const twice = await admin.post('/api/v1/clients', {
      teamId: team.id,
      name: 'twice',
      grantTypes: ['client_credentials', 'client_credentials'],
    });
    assert.deepEqual(issuePaths(twice), ['grantTypes']);

    const { client } = await gate.client(admin, team.id, { name: 'patched' });
    const path = `/api/v1/clients/${client.clientId}`;
    assert.deepEqual(issuePaths(await admin.patch(path, { grantTypes: ['authorization_code'] })), [
      'grantTypes.0',
    ]);
    // Not a list: every issue (zod also measures the string against the list's cap) is at grantTypes.
    const notList = await admin.patch(path, { grantTypes: 'client_credentials' });
    assert.deepEqual([...new Set(issuePaths(notList))], ['grantTypes']);
    assert.deepEqual(ok(await admin.get<Client>(path)).grantTypes, ['client_credentials']);
  });

  test('PATCH changes the grant types and leaves the rest as it was', async () => {
    const { client } = await gate.client(admin, team.id, { name: 'switched', description: 'kept' });
    const path = `/api/v1/clients/${client.clientId}`;
    const off = ok(await admin.patch<Client>(path, { grantTypes: [] }));
    assert.deepEqual(off.grantTypes, []);
    assert.equal(off.description, 'kept');
    assert.equal(off.name, 'switched');
    const on = ok(await admin.patch<Client>(path, { grantTypes: ['client_credentials'] }));
    assert.deepEqual(on.grantTypes, ['client_credentials']);
    assert.deepEqual(ok(await admin.patch<Client>(path, { name: 'renamed' })).grantTypes, [
      'client_credentials',
    ]);
  });
});

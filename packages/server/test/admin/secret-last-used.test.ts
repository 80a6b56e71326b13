// Each client secret shows when it last authenticated its client, written behind in batches.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Client } from '@gatehouse/schemas';
import { basicAuth, postForm } from '../support/server.js';
import { describeEachBackend, ok } from './harness.js';

describeEachBackend('admin API: secret last used', (gate) => {
  let clientId = '';
  let oldSecret = { id: '', value: '' };
  let newSecret = { id: '', value: '' };

  const secrets = async () =>
    new Map(
      ok(await gate.admin.get<Client>(`/api/v1/clients/${clientId}`)).secrets.map((s) => [
        s.id,
        s.lastUsedAt,
      ]),
    );

  before(async () => {
    const team = await gate.team(gate.admin, 'rotation-team');
    await gate.resourceServer(gate.admin, team.id, {
      identifier: 'ledger',
      name: 'L',
      scopes: [{ name: 'read' }],
    });
    const made = await gate.client(gate.admin, team.id, { name: 'rotating', scopes: ['ledger/read'] });
    clientId = made.client.clientId;
    oldSecret = { id: made.secretId, value: made.secret };
    const added = ok(await gate.admin.post(`/api/v1/clients/${clientId}/secrets`, {}), 201);
    newSecret = { id: String(added.id), value: String(added.secret) };
    await gate.sync();
  });

  test('a new secret has never been used', async () => {
    const seen = await secrets();
    assert.equal(seen.get(oldSecret.id), null);
    assert.equal(seen.get(newSecret.id), null);
  });

  test('the secret that authenticated is the one marked, once the batch is flushed', async () => {
    const at = gate.clock.now();
    assert.equal((await gate.token(clientId, newSecret.value, 'ledger/read')).status, 200);
    await gate.server.runtime.flushLastUsed();
    const seen = await secrets();
    assert.equal(seen.get(newSecret.id), new Date(at).toISOString());
    assert.equal(seen.get(oldSecret.id), null, 'the other secret is not touched');
  });

  test('a later use moves it forward; a wrong secret marks nothing; introspection counts as a use', async () => {
    gate.clock.advance(90_000);
    const later = gate.clock.now();
    assert.equal((await gate.token(clientId, 'not-the-secret', 'ledger/read')).status, 401);
    const introspect = await postForm(
      `${gate.url}/oauth2/introspect`,
      { token: 'x' },
      basicAuth(clientId, oldSecret.value),
    );
    assert.equal(introspect.status, 200, introspect.text);
    assert.equal((await gate.token(clientId, newSecret.value, 'ledger/read')).status, 200);
    await gate.server.runtime.flushLastUsed();
    const seen = await secrets();
    assert.equal(seen.get(newSecret.id), new Date(later).toISOString());
    assert.equal(seen.get(oldSecret.id), new Date(later).toISOString());
  });

  test('an older time from a slower instance never moves it back', async () => {
    const before = (await secrets()).get(newSecret.id);
    gate.server.runtime.noteSecretUsed(newSecret.id, gate.clock.now() - 60_000);
    await gate.server.runtime.flushLastUsed();
    assert.equal((await secrets()).get(newSecret.id), before);
  });
});

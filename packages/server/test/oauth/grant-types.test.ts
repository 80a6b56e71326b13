import { CLI_ACTOR } from '../../src/services/actor.js';
import { within } from '../support/within.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertOAuthError, basic, describeEachBackend, postForm, type RegisteredClient } from './harness.js';

const GRANT = { grant_type: 'client_credentials', scope: 'orders/read' };

describeEachBackend('the grant types a client may use', (gate) => {
  let machine: RegisteredClient;
  let barred: RegisteredClient;
  const token = (client: RegisteredClient, secret = client.secret) =>
    postForm(gate.tokenEndpoint, GRANT, basic(client.clientId, secret));

  before(async () => {
    await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
    machine = await gate.client({ scopes: ['orders/read'] });
    barred = await gate.client({ scopes: ['orders/read'], grantTypes: [] });
  });

  test('a client registered without a choice may use client_credentials', async () => {
    assert.equal((await token(machine)).status, 200);
  });

  test('a client without client_credentials gets 400 unauthorized_client, after it authenticates', async () => {
    const refused = await token(barred);
    assertOAuthError(refused, 400, 'unauthorized_client');
    assert.equal(refused.body?.error_description, 'this client may not use this grant_type');
    // Who is asking is settled first: a wrong secret is invalid_client, whatever the client may use.
    assertOAuthError(await token(barred, 'wrong-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 401, 'invalid_client');
    // A grant type nobody supports is still unsupported_grant_type.
    assertOAuthError(
      await postForm(gate.tokenEndpoint, { grant_type: 'password' }, basic(barred.clientId, barred.secret)),
      400,
      'unsupported_grant_type',
    );
    const logged = gate.logs.find((entry) => entry.error === 'unauthorized_client');
    assert.deepEqual(logged?.detail, { client_id: barred.clientId, grant_type: 'client_credentials' });
  });

  test('a change of grant types reaches the token path', async () => {
    // A poll already under way when the change commits may not see it; the next one does.
    const answers = async (status: number) => {
      await gate.server.runtime.poll();
      const answer = await token(barred);
      return { ok: answer.status === status, last: answer.status };
    };
    await gate.server.gatehouse.clients.update(
      barred.clientId,
      { grantTypes: ['client_credentials'] },
      CLI_ACTOR,
    );
    await within('the allowed grant type reaches the token path', () => answers(200), 5000);
    await gate.server.gatehouse.clients.update(barred.clientId, { grantTypes: [] }, CLI_ACTOR);
    await within('the removed grant type reaches the token path', () => answers(400), 5000);
    assertOAuthError(await token(barred), 400, 'unauthorized_client');
  });
});

import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { basic, describeEachBackend, postForm, type RegisteredClient, send } from './harness.js';

const RESOURCE = 'orders';

interface RevocationList {
  issuer: string;
  generated_at: number;
  revoked_tokens: { jti: string; exp: number }[];
  disabled_clients: string[];
}

describeEachBackend('revocation list (the verifiers kill switch)', (gate) => {
  let caller: RegisteredClient;

  before(async () => {
    await gate.resourceServer({ identifier: RESOURCE, name: 'Orders', scopes: [{ name: 'read' }] });
    caller = await gate.client({ scopes: [`${RESOURCE}/read`] });
  });

  async function list(): Promise<{ answer: Awaited<ReturnType<typeof send>>; doc: RevocationList }> {
    const answer = await send(`${gate.issuer}/oauth2/revocations`);
    assert.equal(answer.status, 200, answer.text);
    return { answer, doc: JSON.parse(answer.text) as RevocationList };
  }

  test('is advertised in the metadata and starts empty', async () => {
    assert.equal(gate.as.revocation_list_endpoint, `${gate.issuer}/oauth2/revocations`);
    const { answer, doc } = await list();
    assert.equal(answer.headers.get('cache-control'), 'public, max-age=5');
    assert.equal(doc.issuer, gate.issuer);
    assert.equal(doc.generated_at, Math.floor(gate.clock.now() / 1000));
    assert.deepEqual(doc.revoked_tokens, []);
    assert.deepEqual(doc.disabled_clients, []);
  });

  test('lists a revoked token by jti with its expiry', async () => {
    const token = (await gate.token(caller, { resource: RESOURCE })).access_token;
    const { jti, exp } = decodeJwt(token);
    const revoked = await postForm(gate.revocationEndpoint, { token }, basic(caller.clientId, caller.secret));
    assert.equal(revoked.status, 200);
    const { doc } = await list();
    assert.deepEqual(doc.revoked_tokens, [{ jti, exp }]);
  });

  test('lists disabled clients until they are enabled again', async () => {
    const other = await gate.client({ scopes: [`${RESOURCE}/read`] });
    await gate.setEnabled(other.clientId, false);
    assert.ok((await list()).doc.disabled_clients.includes(other.clientId));
    await gate.setEnabled(other.clientId, true);
    assert.ok(!(await list()).doc.disabled_clients.includes(other.clientId));
  });

  test('lists deleted clients, whose tokens may still be in flight', async () => {
    const doomed = await gate.client({ scopes: [`${RESOURCE}/read`] });
    await gate.server.gatehouse.clients.delete(doomed.clientId, CLI_ACTOR);
    await gate.server.runtime.poll();
    assert.ok((await list()).doc.disabled_clients.includes(doomed.clientId));
  });

  test('a change made by another instance reaches the list through the change log', async () => {
    const other = await gate.client({ scopes: [`${RESOURCE}/read`] });
    // Written straight to the store, as another process would, then picked up by polling.
    await gate.server.gatehouse.clients.setEnabled(other.clientId, false, CLI_ACTOR);
    await gate.server.runtime.poll();
    assert.ok((await list()).doc.disabled_clients.includes(other.clientId));
  });

  test('answers only GET', async () => {
    const answer = await send(`${gate.issuer}/oauth2/revocations`, { method: 'POST' });
    assert.equal(answer.status, 405);
  });
});

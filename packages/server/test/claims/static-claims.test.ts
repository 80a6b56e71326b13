import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiError, describeEachBackend, ok } from '../admin/harness.js';

const payload = (token: unknown) =>
  JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describeEachBackend('static claims', (gate) => {
  let rsId = '';
  let identifier = '';
  let client = { clientId: '', secret: '' };
  let teamId = '';

  test('set on the resource server and the client, they appear in every token (client over API)', async () => {
    const team = await gate.team(gate.admin, 'claims');
    teamId = team.id;
    const rs = await gate.resourceServer(gate.admin, teamId, {
      identifier: 'https://orders.claims.test',
      name: 'Orders',
      scopes: [{ name: 'read' }],
    });
    rsId = rs.id;
    identifier = rs.identifier;
    const made = await gate.client(gate.admin, teamId, { scopes: [`${identifier}/read`] });
    client = { clientId: made.client.clientId, secret: made.secret };

    const rsClaims = ok(
      await gate.admin.put(`/api/v1/resource-servers/${rsId}/claims`, {
        claims: { api: 'orders', tier: 'standard', limits: { perMinute: 60 } },
      }),
    );
    assert.deepEqual(rsClaims, {
      claims: { api: 'orders', tier: 'standard', limits: { perMinute: 60 } },
      canEdit: true,
    });
    ok(
      await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, {
        claims: { tenant: 'acme', tier: 'gold', beta: true, regions: ['eu', 'us'], quota: 3 },
      }),
    );
    await gate.sync();
    const answer = await gate.token(client.clientId, client.secret, `${identifier}/read`);
    assert.equal(answer.status, 200, answer.text);
    const claims = payload(answer.body?.access_token);
    assert.equal(claims.api, 'orders');
    assert.equal(claims.tier, 'standard', "the resource server's claim wins over the client's");
    assert.deepEqual(claims.limits, { perMinute: 60 });
    assert.equal(claims.tenant, 'acme');
    assert.equal(claims.beta, true);
    assert.deepEqual(claims.regions, ['eu', 'us']);
    assert.equal(claims.quota, 3);
    assert.equal(claims.sub, client.clientId);
    assert.equal(claims.aud, identifier);
    assert.equal(claims.scope, 'read');

    const shown = ok(await gate.admin.get(`/api/v1/clients/${client.clientId}/claims`));
    assert.deepEqual(shown.claims.regions, ['eu', 'us']);
  });

  test('registered claims are refused with a 422 naming the key', async () => {
    for (const key of [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'nbf',
      'jti',
      'scope',
      'client_id',
      'cnf',
      'token_use',
    ]) {
      const answer = await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, {
        claims: { fine: 1, [key]: 'x' },
      });
      assertApiError(answer, 422, 'validation_failed');
      assert.equal(answer.body.issues[0].path, `claims.${key}`);
      assert.match(answer.body.message, new RegExp(`claims\\.${key}: "${key}" is a registered claim`));
    }
    const onRs = await gate.admin.put(`/api/v1/resource-servers/${rsId}/claims`, { claims: { aud: 'x' } });
    assertApiError(onRs, 422, 'validation_failed');
  });

  test('sizes, names and nulls are bounded; nothing is written when refused', async () => {
    const big = await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, {
      claims: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`c${i}`, 'x'.repeat(2000)])),
    });
    assertApiError(big, 422, 'validation_failed');
    assert.match(big.body.message, /at most 8192 bytes/);
    assertApiError(
      await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, { claims: { 'a b': 1 } }),
      422,
      'validation_failed',
    );
    assertApiError(
      await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, { claims: { gone: null } }),
      422,
      'validation_failed',
    );
    assertApiError(
      await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, { claims: ['x'] }),
      422,
      'validation_failed',
    );
    const kept = ok(await gate.admin.get(`/api/v1/clients/${client.clientId}/claims`));
    assert.equal(kept.claims.tenant, 'acme');
  });

  test('another team may neither read nor change them; every change is audited', async () => {
    const outsider = await gate.user('outsider@claims.test');
    assertApiError(await outsider.get(`/api/v1/clients/${client.clientId}/claims`), 403, 'forbidden');
    assertApiError(
      await outsider.put(`/api/v1/clients/${client.clientId}/claims`, { claims: { x: 1 } }),
      403,
      'forbidden',
    );
    assertApiError(
      await outsider.put(`/api/v1/resource-servers/${rsId}/claims`, { claims: { x: 1 } }),
      403,
      'forbidden',
    );
    const audit = ok(await gate.admin.get('/api/v1/audit?action=client.claims.update'));
    const events = (audit.events ?? audit) as { action: string; before: unknown; after: unknown }[];
    const mine = events.filter((e) => e.action === 'client.claims.update');
    assert.equal(mine.length, 1);
    assert.deepEqual(mine[0]?.before, {});
    assert.equal((mine[0]?.after as Record<string, unknown>).tenant, 'acme');
    const rsAudit = ok(await gate.admin.get('/api/v1/audit?action=resource_server.claims.update'));
    const rsEvents = (rsAudit.events ?? rsAudit) as { action: string }[];
    assert.equal(rsEvents.filter((e) => e.action === 'resource_server.claims.update').length, 1);
  });

  test('tokens in Cognito’s shape carry them too, under Cognito’s own claims', async () => {
    const rs = await gate.resourceServer(gate.admin, teamId, {
      identifier: 'cognito-shaped',
      name: 'Cognito shaped',
      scopes: [{ name: 'read' }],
      tokenProfile: 'cognito',
    });
    const made = await gate.client(gate.admin, teamId, { scopes: ['cognito-shaped/read'] });
    ok(await gate.admin.put(`/api/v1/resource-servers/${rs.id}/claims`, { claims: { api: 'legacy' } }));
    ok(
      await gate.admin.put(`/api/v1/clients/${made.client.clientId}/claims`, { claims: { tenant: 'acme' } }),
    );
    await gate.sync();
    const answer = await gate.token(made.client.clientId, made.secret, 'cognito-shaped/read');
    assert.equal(answer.status, 200, answer.text);
    const claims = payload(answer.body?.access_token);
    assert.deepEqual(
      [claims.api, claims.tenant, claims.token_use, claims.version],
      ['legacy', 'acme', 'access', 2],
    );
    assert.equal(claims.scope, 'cognito-shaped/read');
  });

  test('cleared claims leave the token at once, and the built-in API takes none', async () => {
    ok(await gate.admin.put(`/api/v1/clients/${client.clientId}/claims`, { claims: {} }));
    ok(await gate.admin.put(`/api/v1/resource-servers/${rsId}/claims`, { claims: {} }));
    await gate.sync();
    const answer = await gate.token(client.clientId, client.secret, `${identifier}/read`);
    const claims = payload(answer.body?.access_token);
    assert.deepEqual(Object.keys(claims).sort(), [
      'aud',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'scope',
      'sub',
    ]);
    assertApiError(
      await gate.admin.put('/api/v1/resource-servers/gatehouse-admin/claims', { claims: { x: 1 } }),
      409,
      'conflict',
    );
  });
});

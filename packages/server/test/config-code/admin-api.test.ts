// The admin API's plan, apply and export, as a CI pipeline calls them with a machine token.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ConfigApplied, ConfigPlan, Team } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { type ApiSession, assertApiError, describeEachBackend, ok } from '../admin/harness.js';

const WRITE = [
  'resource-servers:read',
  'resource-servers:write',
  'clients:read',
  'clients:write',
  'roles:read',
  'roles:write',
  'audit:read',
];

const yaml = (data: string) => ({ raw: { type: 'application/yaml', data } });

describeEachBackend('configuration as code over the admin API', (gate) => {
  let teamA: Team;
  let teamB: Team;
  let robot: { clientId: string; secret: string };
  let ci: ApiSession;

  before(async () => {
    teamA = await gate.team(gate.admin, 'shop');
    teamB = await gate.team(gate.admin, 'billing');
    await gate.resourceServer(gate.admin, teamB.id, {
      identifier: 'billing-api',
      name: 'Billing',
      scopes: [{ name: 'charge' }],
    });
    await gate.resourceServer(gate.admin, teamA.id, {
      identifier: 'shop-api',
      name: 'Shop',
      scopes: [{ name: 'browse' }, { name: 'buy' }],
    });
    // The pipeline's client belongs to team shop and holds the admin write scopes, and the
    // shop's own scopes: a machine client passes on only what it holds itself.
    const created = await gate.server.gatehouse.clients.create(
      {
        name: 'shop pipeline',
        scopes: [...WRITE.map((s) => `gatehouse-admin/${s}`), 'shop-api/browse', 'shop-api/buy'],
      },
      CLI_ACTOR,
      { teamId: teamA.id },
    );
    assert.ok(created.secret);
    robot = { clientId: created.client.clientId, secret: created.secret.value };
    gate.secrets.push(robot.secret);
    await gate.sync();
    ci = await gate.bearer(robot.clientId, robot.secret, WRITE);
  });

  const SHOP = `resourceServers:
  - identifier: shop-api
    name: Shop catalogue
    team: shop
    scopes: { browse: Browse the catalogue, buy: Buy }
roles:
  - name: shopper
    team: shop
    scopes: [shop-api/browse, shop-api/buy]
clients:
  - name: storefront
    team: shop
    roles: [shopper]
    claims: { channel: web }
`;

  test('a machine token plans and applies a YAML file; the next plan shows no changes', async () => {
    const planned = ok(await ci.post<ConfigPlan>('/api/v1/config/plan', undefined, yaml(SHOP)));
    assert.deepEqual(
      planned.changes.map((c) => [c.action, c.kind, c.key]),
      [
        ['update', 'resourceServer', 'shop-api'],
        ['create', 'role', 'shopper'],
        ['create', 'client', 'storefront'],
      ],
    );
    // Nothing was written by the plan.
    assert.equal(
      ok(await ci.post<ConfigPlan>('/api/v1/config/plan', undefined, yaml(SHOP))).changes.length,
      3,
    );
    const applied = ok(await ci.post<ConfigApplied>('/api/v1/config/apply', undefined, yaml(SHOP)));
    assert.equal(applied.secrets.length, 1);
    const secret = applied.secrets[0];
    assert.ok(secret);
    gate.secrets.push(secret.secret);
    assert.deepEqual(ok(await ci.post<ConfigPlan>('/api/v1/config/plan', undefined, yaml(SHOP))).changes, []);
    // The change log carried it to the token path: the role's scopes and the static claim.
    await gate.sync();
    const token = await gate.token(secret.clientId, secret.secret, 'shop-api/buy');
    assert.equal(token.status, 200, token.text);
    const payload = JSON.parse(
      Buffer.from(String(token.body?.access_token).split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    assert.equal(payload.scope, 'buy');
    // One summary entry plus the entries of each entity, as the individual operations write them.
    const audit = ok(await ci.get('/api/v1/audit?action=config.apply')).events as {
      after: { created: number };
    }[];
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.after.created, 2);
    for (const action of [
      'resource_server.update',
      'role.create',
      'client.create',
      'client.roles.add',
      'client.claims.update',
    ]) {
      const events = ok(await ci.get(`/api/v1/audit?action=${action}`)).events as unknown[];
      assert.ok(events.length >= 1, `no ${action} entry`);
    }
  });

  test('export answers JSON or YAML, with no secret in either', async () => {
    const json = ok(await ci.get('/api/v1/config/export?team=shop'));
    const clients = json.clients as { name: string; claims?: unknown; roles?: string[] }[];
    assert.deepEqual(
      clients.map((c) => c.name),
      ['shop pipeline', 'storefront'],
    );
    assert.deepEqual(clients[1]?.roles, ['shopper']);
    const text = await ci.get('/api/v1/config/export?team=shop&format=yaml');
    assert.equal(text.status, 200);
    assert.match(
      text.text,
      /^# yaml-language-server: \$schema=http:\/\/\S+\/api\/gatehouse-config\.schema\.json/,
    );
    for (const secret of gate.secrets) {
      assert.ok(
        !text.text.includes(secret) && !JSON.stringify(json).includes(secret),
        'a secret was exported',
      );
    }
    // The exported file plans no changes when posted back as it is.
    assert.deepEqual(
      ok(await ci.post<ConfigPlan>('/api/v1/config/plan', undefined, yaml(text.text))).changes,
      [],
    );
  });

  test('a JSON body carries the file and the prune flag', async () => {
    const config = {
      clients: [{ name: 'storefront', team: 'shop', roles: ['shopper'], claims: { channel: 'web' } }],
    };
    const kept = ok(await ci.post<ConfigPlan>('/api/v1/config/plan', { config, team: 'shop' }));
    assert.deepEqual(kept.changes, []);
    assert.deepEqual(kept.kept.map((k) => `${k.kind} ${k.key}`).sort(), [
      'client shop pipeline',
      'resourceServer shop-api',
      'role shopper',
    ]);
    // Pruning the role the client keeps would contradict the file.
    const contradiction = await ci.post('/api/v1/config/plan', { config, team: 'shop', prune: true });
    assertApiError(contradiction, 422, 'validation_failed');
    assert.match(contradiction.body.message, /clients\.0\.roles\.0: no role "shopper"/);
    const bare = { clients: [{ name: 'storefront', claims: { channel: 'web' } }] };
    const pruned = ok(
      await ci.post<ConfigPlan>('/api/v1/config/plan', { config: bare, team: 'shop', prune: true }),
    );
    assert.deepEqual(pruned.changes.map((c) => `${c.action} ${c.kind} ${c.key}`).sort(), [
      'delete client shop pipeline',
      'delete resourceServer shop-api',
      'delete role shopper',
      'update client storefront',
    ]);
  });

  test('the token needs the write scopes the operations need: 403 naming the missing one, nothing written', async () => {
    const reader = await gate.bearer(robot.clientId, robot.secret, ['clients:read', 'resource-servers:read']);
    const file = 'clients:\n  - name: sneaky\n    team: shop\n';
    const refused = await reader.post('/api/v1/config/apply', undefined, yaml(file));
    assertApiError(refused, 403, 'forbidden');
    assert.match(refused.body.message, /gatehouse-admin\/clients:write/);
    assert.match(refused.body.message, /client "sneaky" \(clients\.0\)/);
    assert.equal(
      ok(await ci.post<ConfigPlan>('/api/v1/config/plan', undefined, yaml(file))).changes.length,
      1,
    );
  });

  test("a machine client cannot create in another team's name, nor give scopes it does not hold", async () => {
    const other = await ci.post(
      '/api/v1/config/apply',
      undefined,
      yaml('clients:\n  - name: x\n    team: billing\n'),
    );
    assertApiError(other, 403, 'forbidden');
    const scope = await ci.post(
      '/api/v1/config/apply',
      undefined,
      yaml('clients:\n  - name: charger\n    team: shop\n    scopes: [billing-api/charge]\n'),
    );
    assertApiError(scope, 403, 'forbidden');
    assert.match(scope.body.message, /does not hold "billing-api\/charge"/);
    // Nor the scopes of an API the same file creates: it cannot hold them yet.
    const fresh = await ci.post(
      '/api/v1/config/apply',
      undefined,
      yaml(
        'resourceServers:\n  - identifier: new-api\n    name: New\n    team: shop\n    scopes: { go: Go }\nclients:\n  - name: goer\n    team: shop\n    scopes: [new-api/go]\n',
      ),
    );
    assertApiError(fresh, 403, 'forbidden');
    assertApiError(await ci.get('/api/v1/resource-servers/new-api'), 404, 'not_found');
  });

  test('a team member is held to the same rules as with the individual operations', async () => {
    await gate.user('dana@gatehouse.test');
    await gate.addMember(gate.admin, teamA.id, 'dana@gatehouse.test');
    const dana = await gate.signIn('dana@gatehouse.test');
    const withCsrf = yaml;
    const grant = await dana.post(
      '/api/v1/config/apply',
      undefined,
      withCsrf('clients:\n  - name: charger\n    team: shop\n    scopes: [billing-api/charge]\n'),
    );
    assertApiError(grant, 403, 'forbidden');
    assert.match(grant.body.message, /another team's API/);
    const foreign = await dana.post(
      '/api/v1/config/apply',
      undefined,
      withCsrf('resourceServers:\n  - identifier: billing-api\n    name: Mine now\n'),
    );
    assertApiError(foreign, 403, 'forbidden');
    const noTeam = await dana.post(
      '/api/v1/config/apply',
      undefined,
      withCsrf('clients:\n  - name: orphan\n'),
    );
    assertApiError(noTeam, 403, 'forbidden');
    assert.match(noTeam.body.message, /only platform admins/);
  });

  test('a file whose second entry is invalid writes nothing; bad YAML names the line', async () => {
    const file =
      'resourceServers:\n  - identifier: first-api\n    name: First\n    team: shop\nclients:\n  - name: broken\n    team: shop\n    scopes: [first-api/missing]\n';
    const refused = await ci.post('/api/v1/config/apply', undefined, yaml(file));
    assertApiError(refused, 422, 'validation_failed');
    assert.equal(refused.body.issues?.[0]?.path, 'clients.0.scopes.0');
    assertApiError(await ci.get('/api/v1/resource-servers/first-api'), 404, 'not_found');
    const syntax = await ci.post(
      '/api/v1/config/plan',
      undefined,
      yaml('clients:\n  - name: x\n   bad: [\n'),
    );
    assertApiError(syntax, 422, 'validation_failed');
    assert.match(syntax.body.message, /line 3: /);
    const schema = await ci.post(
      '/api/v1/config/plan',
      undefined,
      yaml('clients:\n  - name: x\n    tokenTtl: 1\n'),
    );
    assert.match(schema.body.message, /clients\.0\.tokenTtl: line 3: must be at least 60/);
    assertApiError(
      await ci.post('/api/v1/config/plan', undefined, { raw: { type: 'text/plain', data: 'x' } }),
      415,
      'unsupported_media_type',
    );
  });

  test('OpenAPI documents the endpoints; the JSON Schema is served for editors', async () => {
    const doc = ok(await gate.session().get('/api/openapi.json'));
    const paths = doc.paths as Record<
      string,
      Record<string, { requestBody?: { content: Record<string, unknown> } }>
    >;
    assert.ok(paths['/api/v1/config/export']?.get);
    assert.ok(paths['/api/v1/config/apply']?.post?.requestBody?.content['application/yaml']);
    assert.ok(paths['/api/v1/config/plan']?.post?.requestBody?.content['application/json']);
    const schema = ok(await gate.session().get('/api/gatehouse-config.schema.json'));
    assert.equal(schema.title, 'Gatehouse configuration (gatehouse.yaml)');
  });
});

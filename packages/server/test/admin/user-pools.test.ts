import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AppClient, AuditEventView, CreatedAppClient, Team, UserPool } from '@gatehouse/schemas';
import { type ApiSession, assertApiError, describeEachBackend, issuePaths, ok } from './harness.js';

const APP = {
  name: 'Shop web',
  redirectUris: ['https://shop.example.com/callback'],
  logoutUris: ['https://shop.example.com/'],
};

describeEachBackend('admin API: user pools and their app clients', (gate) => {
  let alice: ApiSession;
  let team: Team;
  let pool: UserPool;

  before(async () => {
    alice = await gate.user('alice@example.com');
    team = await gate.team(alice, 'shop');
  });

  async function auditOf(action: string): Promise<AuditEventView[]> {
    const events = ok(await gate.admin.get(`/api/v1/audit?action=${action}`)).events as AuditEventView[];
    return events;
  }

  test('a team member creates, reads, lists, changes and deletes a pool', async () => {
    pool = ok(
      await alice.post<UserPool>('/api/v1/user-pools', {
        name: 'Shoppers',
        teamId: team.id,
        selfSignUp: true,
        passwordPolicy: { minLength: 8 },
      }),
      201,
    );
    assert.match(pool.id, /^local_[A-Za-z0-9]{9}$/);
    assert.equal(pool.teamId, team.id);
    assert.equal(pool.issuer, `${gate.server.issuer}/pools/${pool.id}`);
    assert.equal(pool.settings.selfSignUp, true);
    assert.equal(pool.settings.passwordPolicy.minLength, 8);
    assert.deepEqual(ok(await alice.get<UserPool>(`/api/v1/user-pools/${pool.id}`)), pool);

    const listed = ok(await alice.get('/api/v1/user-pools')).userPools as UserPool[];
    assert.deepEqual(
      listed.map((p) => p.id),
      [pool.id],
    );
    assert.deepEqual(ok(await alice.get('/api/v1/user-pools?q=nothing-like-it')).userPools, []);

    const changed = ok(
      await alice.patch<UserPool>(`/api/v1/user-pools/${pool.id}`, {
        branding: { displayName: 'LJ Shop', primaryColor: '#0a7d32' },
        tokens: { accessTokenSeconds: 900 },
      }),
    );
    assert.deepEqual(changed.settings.branding, { displayName: 'LJ Shop', primaryColor: '#0a7d32' });
    assert.equal(changed.settings.tokens.accessTokenSeconds, 900);
    assert.equal(changed.settings.selfSignUp, true, 'what the change does not name stays');
    const cleared = ok(
      await alice.patch<UserPool>(`/api/v1/user-pools/${pool.id}`, { branding: { primaryColor: null } }),
    );
    assert.deepEqual(cleared.settings.branding, { displayName: 'LJ Shop' });

    const doomed = ok(
      await alice.post<UserPool>('/api/v1/user-pools', { name: 'Gone', teamId: team.id }),
      201,
    );
    assert.equal((await alice.del(`/api/v1/user-pools/${doomed.id}`)).status, 204);
    assertApiError(await alice.get(`/api/v1/user-pools/${doomed.id}`), 404, 'not_found');

    const [create] = await auditOf('user_pool.create');
    assert.equal(create?.target.id, doomed.id);
    assert.equal(create?.actor.name, 'alice@example.com');
    const [update] = await auditOf('user_pool.update');
    assert.equal((update?.after as UserPool).settings.branding.primaryColor, undefined);
    assert.equal((await auditOf('user_pool.delete'))[0]?.target.id, doomed.id);
  });

  test('bad input is refused field by field, never with a 5xx', async () => {
    const paths = issuePaths(
      await alice.post('/api/v1/user-pools', {
        name: '',
        teamId: team.id,
        passwordPolicy: { minLength: 3 },
        branding: { logoUrl: 'http://plain.example.com/logo.png', primaryColor: 'green' },
      }),
    );
    for (const path of ['name', 'passwordPolicy.minLength', 'branding.logoUrl', 'branding.primaryColor']) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    }
    assert.deepEqual(issuePaths(await alice.patch(`/api/v1/user-pools/${pool.id}`, { colour: 'red' })), ['']);
    assertApiError(
      await alice.send('POST', '/api/v1/user-pools', { raw: { type: 'application/json', data: '{"name":' } }),
      400,
      'invalid_json',
    );
    const noTeam = await alice.post('/api/v1/user-pools', { name: 'Nobody’s' });
    assertApiError(noTeam, 403, 'forbidden');
    assertApiError(await alice.get('/api/v1/user-pools/local_nosuchpool'), 404, 'not_found');
    assert.deepEqual(
      issuePaths(
        await alice.post(`/api/v1/user-pools/${pool.id}/clients`, {
          name: 'x',
          redirectUris: ['http://evil.example.com/cb', 'https://ok.example.com/#frag'],
          scopes: ['openid', 'nope'],
        }),
      ).sort(),
      ['redirectUris.0', 'redirectUris.1', 'scopes.1'],
    );
  });

  test('app clients: a confidential secret shows once, at creation and at rotation', async () => {
    const base = `/api/v1/user-pools/${pool.id}/clients`;
    const created = ok(await alice.post<CreatedAppClient>(base, APP), 201);
    assert.match(created.clientId, /^[a-z0-9]{26}$/);
    assert.equal(created.public, false);
    assert.equal(created.authMethod, 'client_secret_basic');
    assert.deepEqual(created.scopes, ['openid', 'email', 'profile']);
    assert.equal(typeof created.clientSecret, 'string');
    assert.equal(created.clientSecret?.length, 64);
    gate.secrets.push(created.clientSecret ?? '');

    const shown = ok(await alice.get<AppClient>(`${base}/${created.clientId}`));
    assert.equal('clientSecret' in shown, false);
    const { clientSecret: _secret, ...view } = created;
    assert.deepEqual(shown, view);
    const listed = ok(await alice.get(base)).clients as AppClient[];
    assert.deepEqual(listed, [view]);
    assert.ok(!JSON.stringify(listed).includes(created.clientSecret ?? '-'));

    const rotated = ok(await alice.post<CreatedAppClient>(`${base}/${created.clientId}/secret`));
    assert.ok(rotated.clientSecret && rotated.clientSecret !== created.clientSecret);
    gate.secrets.push(rotated.clientSecret);
    assert.equal(
      await gate.server.gatehouse.appClients.authenticate(created.clientId, created.clientSecret ?? ''),
      undefined,
    );
    assert.ok(await gate.server.gatehouse.appClients.authenticate(created.clientId, rotated.clientSecret));

    const spa = ok(
      await alice.post<CreatedAppClient>(base, {
        ...APP,
        name: 'Shop SPA',
        public: true,
        scopes: ['openid'],
      }),
      201,
    );
    assert.equal(spa.clientSecret, undefined);
    assert.equal(spa.authMethod, 'none');
    assert.equal(spa.settings.requirePkce, true);
    assertApiError(await alice.post(`${base}/${spa.clientId}/secret`), 422, 'validation_failed');

    const patched = ok(
      await alice.patch<AppClient>(`${base}/${spa.clientId}`, {
        redirectUris: ['http://localhost:5173/callback'],
        settings: { accessTokenSeconds: 600 },
      }),
    );
    assert.deepEqual(patched.redirectUris, ['http://localhost:5173/callback']);
    assert.equal(patched.settings.accessTokenSeconds, 600);
    assert.deepEqual(
      issuePaths(await alice.patch(`${base}/${spa.clientId}`, { settings: { requirePkce: false } })),
      ['settings.requirePkce'],
    );

    assert.equal((await alice.del(`${base}/${spa.clientId}`)).status, 204);
    assertApiError(await alice.get(`${base}/${spa.clientId}`), 404, 'not_found');
    for (const action of ['create', 'update', 'rotate_secret', 'delete']) {
      const [event] = await auditOf(`pool_app_client.${action}`);
      assert.ok(event, action);
      assert.equal(event.teamId, team.id);
    }
    const logged = JSON.stringify(gate.logs) + JSON.stringify(ok(await gate.admin.get('/api/v1/audit')));
    for (const secret of gate.secrets)
      assert.ok(!logged.includes(secret), 'no secret in logs or the audit log');
  });
});

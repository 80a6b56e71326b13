import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Team } from '@gatehouse/schemas';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type ApiSession,
  assertApiError,
  describeEachBackend,
  ok,
} from './harness.js';

describeEachBackend('admin API CSRF protection', (gate) => {
  let admin: ApiSession;
  const slugs = async (): Promise<string[]> =>
    ok(await admin.get<{ teams: Team[] }>('/api/v1/teams')).teams.map((t) => t.slug);

  before(() => {
    admin = gate.admin;
  });

  test('a change with the session cookie but no X-CSRF-Token is refused and changes nothing', async () => {
    const answer = await admin.post('/api/v1/teams', { slug: 'no-token', name: 'No token' }, { csrf: false });
    assertApiError(answer, 403, 'csrf_failed');
    assert.ok(!(await slugs()).includes('no-token'));
  });

  test('a wrong or empty token is refused too, for every method', async () => {
    const team = await gate.team(admin, 'guarded');
    const member = await gate.user('guarded-member@example.com');
    await gate.addMember(admin, team.id, 'guarded-member@example.com');
    const wrong = 'x'.repeat(admin.csrfToken?.length ?? 32);
    const attempts = [
      admin.post('/api/v1/teams', { slug: 'wrong-token', name: 'Wrong' }, { csrf: wrong }),
      admin.post('/api/v1/teams', { slug: 'empty-token', name: 'Empty' }, { csrf: '' }),
      admin.send('PATCH', `/api/v1/teams/${team.id}/members/${member.userId}`, {
        body: { role: 'owner' },
        csrf: wrong,
      }),
      admin.del(`/api/v1/teams/${team.id}/members/${member.userId}`, { csrf: false }),
      admin.post('/api/v1/auth/logout', undefined, { csrf: false }),
    ];
    for (const answer of await Promise.all(attempts)) assertApiError(answer, 403, 'csrf_failed');
    const detail = ok(await admin.get(`/api/v1/teams/${team.id}`));
    assert.deepEqual(detail.members.map((m: { email: string; role: string }) => [m.email, m.role]).sort(), [
      ['guarded-member@example.com', 'member'],
      [ADMIN_EMAIL, 'owner'],
    ]);
    assert.ok(!(await slugs()).some((s) => s.endsWith('-token')));
    ok(await admin.get('/api/v1/me'), 200);
  });

  test("one session's token does not work for another session", async () => {
    const other = gate.session();
    ok(await other.login(ADMIN_EMAIL, ADMIN_PASSWORD));
    assert.notEqual(other.csrfToken, admin.csrfToken);
    const answer = await admin.post(
      '/api/v1/teams',
      { slug: 'swapped', name: 'Swapped' },
      { csrf: other.csrfToken },
    );
    assertApiError(answer, 403, 'csrf_failed');
  });

  test('a foreign Origin is refused even with the right token', async () => {
    for (const origin of ['https://evil.example', 'null', `${gate.url}.evil.example`]) {
      const answer = await admin.post(
        '/api/v1/teams',
        { slug: 'foreign', name: 'Foreign' },
        { headers: { origin } },
      );
      assertApiError(answer, 403, 'csrf_failed');
    }
    assert.ok(!(await slugs()).includes('foreign'));
  });

  test('signing in from another site is refused; from this origin it works', async () => {
    const foreign = gate.session();
    const answer = await foreign.post(
      '/api/v1/auth/login',
      { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      { headers: { origin: 'https://evil.example' } },
    );
    assertApiError(answer, 403, 'csrf_failed');
    assert.equal(foreign.cookie, undefined);
    const local = gate.session();
    const signedIn = await local.post(
      '/api/v1/auth/login',
      { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      { headers: { origin: gate.url } },
    );
    ok(signedIn);
  });

  test('the same origin (the host, or the issuer) with the right token is accepted', async () => {
    ok(
      await admin.post(
        '/api/v1/teams',
        { slug: 'same-host', name: 'Host' },
        { headers: { origin: gate.url } },
      ),
      201,
    );
    const issuer = new URL(gate.server.issuer).origin;
    ok(
      await admin.post(
        '/api/v1/teams',
        { slug: 'same-issuer', name: 'Issuer' },
        { headers: { origin: issuer } },
      ),
      201,
    );
    ok(await admin.post('/api/v1/teams', { slug: 'no-origin', name: 'No origin' }), 201);
  });

  test('reads need no token', async () => {
    const reader = gate.session();
    reader.cookie = admin.cookie;
    ok(await reader.get('/api/v1/me'));
    ok(await reader.get('/api/v1/teams'));
    ok(await reader.get('/api/v1/audit?limit=1'));
  });

  test('bearer-token requests need no CSRF token', async () => {
    const { client, secret } = await gate.server.gatehouse.clients.create(
      {
        name: 'automation',
        scopes: ['gatehouse-admin/teams:read', 'gatehouse-admin/teams:write'],
      },
      CLI_ACTOR,
    );
    await gate.sync();
    assert.ok(secret);
    gate.secrets.push(secret.value);
    const robot = await gate.bearer(client.clientId, secret.value, ['teams:read', 'teams:write']);
    const created = await robot.post<Team>('/api/v1/teams', { slug: 'by-robot', name: 'By robot' });
    assert.equal(ok(created, 201).slug, 'by-robot');
    assert.ok((await slugs()).includes('by-robot'));
  });
});

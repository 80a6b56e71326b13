import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AuditEventView, Client, ResourceServer, Team } from '@gatehouse/schemas';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  type ApiSession,
  describeEachBackend,
  ok,
  PASSWORD,
  USER_AGENT,
} from './harness.js';

const HOUR = 3600_000;

describeEachBackend('admin API audit log', (gate) => {
  let admin: ApiSession;
  let member: ApiSession; // member of `other` only
  let team: Team;
  let other: Team;
  let api: ResourceServer;
  let client: Client;
  let secondHalf: number;
  const secrets: string[] = [];

  const all = async (session: ApiSession, query = ''): Promise<AuditEventView[]> =>
    ok(await session.get(`/api/v1/audit?limit=1000${query}`)).events;
  const newest = async () => Number((await all(admin))[0]?.id ?? 0);

  /** Runs one change and returns the events it left, newest first. */
  async function change(run: () => Promise<unknown>): Promise<AuditEventView[]> {
    const since = await newest();
    await run();
    return (await all(admin)).filter((e) => Number(e.id) > since);
  }

  function byAdmin(event: AuditEventView | undefined, action: string, target: { type: string; id: string }) {
    assert.ok(event, `no ${action} event`);
    assert.equal(event.action, action);
    assert.deepEqual(event.actor, { type: 'user', id: admin.userId, name: ADMIN_EMAIL });
    assert.equal(event.target.type, target.type);
    assert.equal(event.target.id, target.id);
    assert.equal(event.ip, '127.0.0.1');
    assert.equal(event.userAgent, USER_AGENT);
    assert.equal(event.at, new Date(gate.clock.now()).toISOString());
  }

  before(async () => {
    admin = gate.admin;
    member = await gate.user('member@example.com');
    other = await gate.team(admin, 'other-team');
    await gate.addMember(admin, other.id, 'member@example.com');
  });

  test('each change through the API leaves one event: actor, action, target, before/after, ip', async () => {
    let events = await change(async () => (team = await gate.team(admin, 'audited')));
    assert.equal(events.length, 1);
    byAdmin(events[0], 'team.create', { type: 'team', id: team.id });
    assert.equal(events[0]?.teamId, team.id);

    events = await change(() => gate.addMember(admin, team.id, 'member@example.com'));
    assert.equal(events.length, 2);
    byAdmin(events[1], 'team.invitation_create', { type: 'team', id: team.id });
    const invitationId = (events[1]?.after as { invitationId: string }).invitationId;
    assert.deepEqual(events[1]?.after, {
      invitationId,
      email: 'member@example.com',
      role: 'member',
      expiresAt: new Date(gate.clock.now() + 7 * 24 * HOUR).toISOString(),
    });
    // The member joins by their own act, not the admin's.
    assert.equal(events[0]?.action, 'team.invitation_accept');
    assert.deepEqual(events[0]?.actor, { type: 'user', id: member.userId, name: 'member@example.com' });
    assert.deepEqual(events[0]?.after, {
      invitationId,
      userId: member.userId,
      email: 'member@example.com',
      role: 'member',
    });
    ok(await admin.del(`/api/v1/teams/${team.id}/members/${member.userId}`), 204);

    const scopes = [{ name: 'read' }, { name: 'write' }];
    events = await change(
      async () =>
        (api = await gate.resourceServer(admin, team.id, { identifier: 'books', name: 'Books', scopes })),
    );
    assert.equal(events.length, 1);
    byAdmin(events[0], 'resource_server.create', { type: 'resource_server', id: api.id });
    assert.equal(events[0]?.before, null);
    // The log keeps what was stored; the metadata URL is derived from the issuer when answering.
    const { metadataUrl, ...stored } = api;
    assert.equal(metadataUrl, `${gate.server.issuer}/resource-servers/${api.id}/oauth-protected-resource`);
    assert.deepEqual(events[0]?.after, stored);

    events = await change(async () => {
      const made = await gate.client(admin, team.id, { name: 'reader', scopes: ['books/read'] });
      client = made.client;
      secrets.push(made.secret);
    });
    assert.equal(events.length, 1);
    byAdmin(events[0], 'client.create', { type: 'client', id: client.clientId });
    assert.deepEqual((events[0]?.after as Client).scopes, ['books/read']);

    let secretId = '';
    events = await change(async () => {
      const issued = ok(await admin.post(`/api/v1/clients/${client.clientId}/secrets`, {}), 201);
      secrets.push(issued.secret);
      secretId = issued.id;
    });
    assert.equal(events.length, 1);
    byAdmin(events[0], 'client_secret.create', { type: 'client', id: client.clientId });
    assert.equal((events[0]?.after as { secretId: string }).secretId, secretId);

    events = await change(async () =>
      ok(await admin.del(`/api/v1/clients/${client.clientId}/secrets/${secretId}`)),
    );
    assert.equal(events.length, 1);
    byAdmin(events[0], 'client_secret.revoke', { type: 'client', id: client.clientId });
    assert.deepEqual(events[0]?.before, { secretId, hint: secrets[1]?.slice(-4) });

    // The second half of the log is an hour later, for the time filters below.
    gate.clock.advance(HOUR);
    secondHalf = gate.clock.now();

    events = await change(async () =>
      ok(await admin.patch(`/api/v1/clients/${client.clientId}`, { enabled: false })),
    );
    assert.equal(events.length, 1);
    byAdmin(events[0], 'client.disable', { type: 'client', id: client.clientId });
    assert.equal((events[0]?.before as Client).enabled, true);
    assert.equal((events[0]?.after as Client).enabled, false);

    events = await change(async () =>
      ok(await admin.post(`/api/v1/clients/${client.clientId}/permissions`, { scopes: ['books/write'] })),
    );
    assert.equal(events.length, 1);
    byAdmin(events[0], 'client.grant', { type: 'client', id: client.clientId });
    assert.deepEqual((events[0]?.before as Client).scopes, ['books/read']);
    assert.deepEqual((events[0]?.after as Client).scopes.sort(), ['books/read', 'books/write']);
  });

  test('approving an access request logs the approval and the grant it made', async () => {
    await gate.resourceServer(admin, team.id, {
      identifier: 'shelves',
      name: 'Shelves',
      scopes: [{ name: 'list' }],
    });
    const outsider = (await gate.client(admin, other.id, { name: 'outsider' })).client;
    const request = ok(
      await member.post('/api/v1/access-requests', {
        clientId: outsider.clientId,
        scope: 'shelves/list',
        reason: 'r',
      }),
      201,
    );
    const events = await change(async () =>
      ok(await admin.post(`/api/v1/access-requests/${request.id}/approve`, { comment: 'fine' })),
    );
    assert.deepEqual(
      events.map((e) => e.action),
      ['access_request.approve', 'client.grant'],
    );
    byAdmin(events[0], 'access_request.approve', { type: 'access_request', id: request.id });
    assert.deepEqual(events[0]?.after, { status: 'approved', comment: 'fine', clientId: outsider.clientId });
    byAdmin(events[1], 'client.grant', { type: 'client', id: outsider.clientId });
  });

  test('no secret, password or session token appears anywhere in the log', async () => {
    const answer = await admin.get('/api/v1/audit/export');
    assert.equal(answer.status, 200);
    const text = answer.text + JSON.stringify(await all(admin));
    assert.equal(secrets.length, 2);
    for (const value of [
      ...secrets,
      ...gate.secrets,
      ADMIN_PASSWORD,
      PASSWORD,
      admin.cookie ?? '',
      admin.csrfToken ?? '',
    ]) {
      assert.ok(value.length > 10);
      assert.ok(!text.includes(value), 'a secret value is in the audit log');
    }
  });

  test('filters: action (exact or by prefix), targetType, targetId, team, since and until', async () => {
    const everything = await all(admin);
    const actions = async (query: string) => (await all(admin, query)).map((e) => e.action);
    assert.deepEqual(await actions('&action=client.disable'), ['client.disable']);
    assert.deepEqual(await actions('&action=client_secret.create'), ['client_secret.create']);
    assert.ok((await actions('&action=client')).every((a) => a.startsWith('client.')));
    const servers = await all(admin, '&targetType=resource_server');
    assert.ok(servers.length >= 2 && servers.every((e) => e.target.type === 'resource_server'));
    assert.ok(
      (await all(admin, `&targetId=${client.clientId}`)).every((e) => e.target.id === client.clientId),
    );
    const ofTeam = await all(admin, `&team=${team.id}`);
    assert.ok(ofTeam.length >= 8 && ofTeam.every((e) => e.teamId === team.id));
    assert.ok((await all(admin, `&actor=${admin.userId}`)).every((e) => e.actor.id === admin.userId));

    const at = encodeURIComponent(new Date(secondHalf).toISOString());
    const later = await all(admin, `&since=${at}`);
    const earlier = await all(admin, `&until=${at}`);
    assert.ok(later.every((e) => Date.parse(e.at) >= secondHalf));
    assert.ok(earlier.every((e) => Date.parse(e.at) < secondHalf));
    assert.ok(later.some((e) => e.action === 'client.disable'));
    assert.ok(earlier.some((e) => e.action === 'team.create'));
    assert.deepEqual(
      [...later, ...earlier].map((e) => e.id),
      everything.map((e) => e.id),
    );
  });

  test('an action prefix with an underscore matches its actions, as "client" matches client.*', async () => {
    const actions = async (query: string) => (await all(admin, query)).map((e) => e.action);
    assert.deepEqual(await actions('&action=client_secret'), [
      'client_secret.revoke',
      'client_secret.create',
    ]);
    assert.ok((await actions('&action=resource_server')).includes('resource_server.create'));
  });

  test('cursor paging walks the whole log newest first, once each', async () => {
    const everything = await all(admin);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { events: AuditEventView[]; nextCursor: string | null } = ok(
        await admin.get(`/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
      );
      assert.ok(page.events.length <= 3);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    }
    assert.deepEqual(
      seen,
      everything.map((e) => e.id),
    );
    const ids = seen.map(Number);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
  });

  test('export is NDJSON, one event per line, with the same filters', async () => {
    const answer = await admin.get('/api/v1/audit/export');
    assert.match(answer.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    assert.match(answer.headers.get('content-disposition') ?? '', /attachment/);
    assert.ok(answer.text.endsWith('\n'));
    const lines = answer.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEventView);
    assert.deepEqual(lines, await all(admin));
    const filtered = await admin.get('/api/v1/audit/export?action=client.create');
    const actions = filtered.text
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as AuditEventView).action);
    assert.ok(actions.length >= 2 && actions.every((a) => a === 'client.create'));
  });

  test("members see only their teams' events; admins see everything", async () => {
    const mine = await all(member);
    assert.ok(mine.length > 0);
    assert.ok(
      mine.every((e) => e.teamId === other.id),
      JSON.stringify(mine.map((e) => e.teamId)),
    );
    assert.deepEqual(await all(member, `&team=${team.id}`), []);
    const exported = await member.get('/api/v1/audit/export');
    assert.equal(exported.text.trimEnd().split('\n').length, mine.length);
    const everything = await all(admin);
    assert.ok(everything.some((e) => e.teamId === team.id));
    assert.ok(everything.some((e) => e.action === 'user.create' && e.teamId === null));
    assert.ok(everything.some((e) => e.action === 'user.bootstrap' && e.actor.type === 'system'));
  });

  test('changes through the service layer, as the CLI makes them, are logged with actor cli', async () => {
    const events = await change(() =>
      gate.server.gatehouse.resourceServers.create(
        { identifier: 'from-cli', name: 'From the CLI' },
        CLI_ACTOR,
      ),
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]?.action, 'resource_server.create');
    assert.deepEqual(events[0]?.actor, { type: 'cli', id: null, name: 'cli' });
    assert.equal(events[0]?.ip, null);
    assert.equal(events[0]?.teamId, null);
  });
});

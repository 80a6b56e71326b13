import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AccessRequest, Client, Team } from '@gatehouse/schemas';
import { sweepExpiredPermissions } from '../../src/services/permission-expiry.js';
import {
  type ApiSession,
  assertApiError,
  assertTokenError,
  describeEachBackend,
  issuePaths,
  ok,
} from './harness.js';

const claims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describeEachBackend('admin API access requests between teams', (gate) => {
  let amy: ApiSession; // member of A, which owns the calling client
  let bob: ApiSession; // owner of B, which owns the ledger API
  let bert: ApiSession; // member of B
  let teamA: Team;
  let teamB: Team;
  let app: { clientId: string; secret: string };

  const ask = (scope: string, extra: Record<string, unknown> = {}) =>
    amy.post<AccessRequest>('/api/v1/access-requests', {
      clientId: app.clientId,
      scope,
      reason: 'monthly reconciliation',
      ...extra,
    });
  const box = async (session: ApiSession, which: string): Promise<AccessRequest[]> =>
    ok(await session.get(`/api/v1/access-requests?box=${which}`)).accessRequests;
  const permissions = async () => ok(await amy.get<Client>(`/api/v1/clients/${app.clientId}`)).permissions;
  const token = async (scope: string) => {
    await gate.sync();
    return gate.token(app.clientId, app.secret, scope);
  };

  before(async () => {
    const alice = await gate.user('alice@example.com');
    amy = await gate.user('amy@example.com');
    bob = await gate.user('bob@example.com');
    bert = await gate.user('bert@example.com');
    teamA = await gate.team(alice, 'payments');
    teamB = await gate.team(bob, 'ledger-team');
    await gate.addMember(alice, teamA.id, 'amy@example.com');
    await gate.addMember(bob, teamB.id, 'bert@example.com');
    await gate.resourceServer(bob, teamB.id, {
      identifier: 'ledger',
      name: 'Ledger',
      scopes: [{ name: 'read' }, { name: 'write' }, { name: 'export' }],
    });
    const created = await gate.client(amy, teamA.id, { name: 'payments-app' });
    app = { clientId: created.client.clientId, secret: created.secret };
  });

  test('a member asks for another team’s scope: 201 pending; a second identical request is 409', async () => {
    const answer = await ask('ledger/read');
    const request = ok(answer, 201);
    assert.equal(request.status, 'pending');
    assert.equal(request.scope, 'read');
    assert.equal(request.qualifiedScope, 'ledger/read');
    assert.equal(request.reason, 'monthly reconciliation');
    assert.deepEqual(request.client, {
      clientId: app.clientId,
      name: 'payments-app',
      teamId: teamA.id,
      teamName: teamA.name,
    });
    assert.equal(request.resourceServer.identifier, 'ledger');
    assert.equal(request.resourceServer.teamId, teamB.id);
    assert.equal(request.requestedBy.id, amy.userId);
    assert.equal(request.requestedBy.email, 'amy@example.com');
    assert.equal(request.decidedBy, null);
    assert.equal(request.permissionExpiresIn, null);
    assertApiError(await ask('ledger/read'), 409, 'conflict');
  });

  test('requests are checked: own client, a real scope, a reason', async () => {
    const foreign = await bert.post('/api/v1/access-requests', {
      clientId: app.clientId,
      scope: 'ledger/write',
      reason: 'x',
    });
    assertApiError(foreign, 403, 'forbidden');
    const noReason = await ask('ledger/write', { reason: '  ' });
    assert.deepEqual(issuePaths(noReason), ['reason']);
    assert.deepEqual(issuePaths(await ask('ledger')), ['scope']);
    assert.deepEqual(issuePaths(await ask('ledger/write', { expiresIn: 60 })), ['expiresIn']);
    const unknown = await amy.post('/api/v1/access-requests', {
      clientId: app.clientId,
      scope: 'ledger/delete',
      reason: 'x',
    });
    assertApiError(unknown, 422, 'validation_failed');
    assert.match(unknown.body.message, /no scope "delete"/);
  });

  test('an unknown scope is reported at the body field `scope`, which is a string', async () => {
    assert.deepEqual(issuePaths(await ask('ledger/delete')), ['scope']);
  });

  test('the API team’s owner sees it in the inbox, the asking team in the outbox', async () => {
    const inbox = await box(bob, 'inbox');
    assert.deepEqual(
      inbox.map((r) => [r.qualifiedScope, r.status]),
      [['ledger/read', 'pending']],
    );
    assert.deepEqual(
      (await box(amy, 'outbox')).map((r) => r.id),
      inbox.map((r) => r.id),
    );
    assert.deepEqual(await box(amy, 'inbox'), []);
    assert.deepEqual(await box(bob, 'outbox'), []);
    assert.deepEqual((await box(bert, 'inbox')).length, 1, 'members of the API team see it too');
  });

  test('only owners of the API’s team decide: a member of either team gets 403', async () => {
    const [request] = await box(bob, 'inbox');
    assert.ok(request);
    assertApiError(await bert.post(`/api/v1/access-requests/${request.id}/approve`, {}), 403, 'forbidden');
    assertApiError(await amy.post(`/api/v1/access-requests/${request.id}/approve`, {}), 403, 'forbidden');
    assertApiError(await amy.post(`/api/v1/access-requests/${request.id}/deny`, {}), 403, 'forbidden');
    assertApiError(await bob.post(`/api/v1/access-requests/${request.id}/cancel`), 403, 'forbidden');
    assert.equal((await box(bob, 'inbox'))[0]?.status, 'pending');
    assert.deepEqual(await permissions(), []);
  });

  test('approval grants the scope at once: a real token request carries it', async () => {
    assertTokenError(await token('ledger/read'), 'invalid_scope');
    const [request] = await box(bob, 'inbox');
    assert.ok(request);
    const approved = ok(
      await bob.post<AccessRequest>(`/api/v1/access-requests/${request.id}/approve`, {
        comment: 'ok for Q3',
      }),
    );
    assert.equal(approved.status, 'approved');
    assert.equal(approved.comment, 'ok for Q3');
    assert.equal(approved.decidedBy?.id, bob.userId);
    assert.equal(approved.decidedBy?.email, 'bob@example.com');
    assert.equal(approved.decidedAt, new Date(gate.clock.now()).toISOString());
    assert.deepEqual(await permissions(), [{ scope: 'ledger/read', expiresAt: null }]);

    const answer = await token('ledger/read');
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body?.scope, 'read');
    const payload = claims(String(answer.body?.access_token));
    assert.equal(payload.aud, 'ledger');
    assert.equal(payload.client_id, app.clientId);
    assert.equal(payload.scope, 'read');

    assertApiError(await bob.post(`/api/v1/access-requests/${request.id}/deny`, {}), 409, 'conflict');
    assertApiError(await ask('ledger/read'), 409, 'conflict');
  });

  test('denial leaves no grant, and the asking team reads the comment', async () => {
    const request = ok(await ask('ledger/write'), 201);
    const denied = ok(
      await bob.post(`/api/v1/access-requests/${request.id}/deny`, { comment: 'read is enough' }),
    );
    assert.equal(denied.status, 'denied');
    assert.deepEqual(
      (await permissions()).map((g) => g.scope),
      ['ledger/read'],
    );
    assertTokenError(await token('ledger/write'), 'invalid_scope');
    const seen = (await box(amy, 'outbox')).find((r) => r.id === request.id);
    assert.equal(seen?.status, 'denied');
    assert.equal(seen?.comment, 'read is enough');
    const deniedOnly = ok(await amy.get('/api/v1/access-requests?box=outbox&status=denied')).accessRequests;
    assert.deepEqual(
      deniedOnly.map((r: AccessRequest) => r.id),
      [request.id],
    );
  });

  test('the asking team may cancel a pending request; nobody can decide it afterwards', async () => {
    const request = ok(await ask('ledger/write'), 201);
    const cancelled = ok(await amy.post<AccessRequest>(`/api/v1/access-requests/${request.id}/cancel`));
    assert.equal(cancelled.status, 'cancelled');
    assertApiError(await bob.post(`/api/v1/access-requests/${request.id}/approve`, {}), 409, 'conflict');
    assertApiError(await amy.post(`/api/v1/access-requests/${request.id}/cancel`), 409, 'conflict');
    assert.deepEqual(
      (await permissions()).map((g) => g.scope),
      ['ledger/read'],
    );
  });

  test('a time-limited grant: works until it expires, then tokens lose it and housekeeping records it', async () => {
    const request = ok(await ask('ledger/export', { expiresIn: 3600 }), 201);
    assert.equal(request.permissionExpiresIn, 3600);
    const approvedAt = gate.clock.now();
    const approved = ok(await bob.post<AccessRequest>(`/api/v1/access-requests/${request.id}/approve`, {}));
    const expiresAt = new Date(approvedAt + 3600_000).toISOString();
    assert.equal(approved.permissionExpiresAt, expiresAt);
    // The names of the previous release stay in the answer for one more release.
    assert.equal(approved.grantExpiresAt, expiresAt);
    assert.equal(approved.grantExpiresIn, 3600);
    assert.equal(approved.comment, null);
    const sorted = (await permissions()).sort((a, b) => a.scope.localeCompare(b.scope));
    assert.deepEqual(sorted, [
      { scope: 'ledger/export', expiresAt },
      { scope: 'ledger/read', expiresAt: null },
    ]);
    const before = await token('ledger/export');
    assert.equal(before.status, 200, before.text);

    gate.clock.advance(3600_000 - 1000);
    assert.equal((await token('ledger/export')).status, 200);
    gate.clock.advance(1000);
    // The token path checks the grant's expiry itself, before any housekeeping has run.
    assertTokenError(await token('ledger/export'), 'invalid_scope');
    const both = await token('ledger/read ledger/export');
    assertTokenError(both, 'invalid_scope');
    assert.equal((await token('ledger/read')).status, 200);

    // The server's own housekeeping may have swept first; either way the grant expires once.
    await sweepExpiredPermissions(gate.server.gatehouse.db, gate.clock);
    assert.equal(await sweepExpiredPermissions(gate.server.gatehouse.db, gate.clock), 0);
    const after = (await box(amy, 'outbox')).find((r) => r.id === request.id);
    assert.equal(after?.status, 'expired');
    assert.deepEqual(
      (await permissions()).map((g) => g.scope),
      ['ledger/read'],
    );
    const events = ok(
      await gate.admin.get(`/api/v1/audit?action=client.grant_expire&targetId=${app.clientId}`),
    ).events;
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].actor, { type: 'system', id: null, name: 'gatehouse' });
    assert.deepEqual(events[0].before, { scope: 'ledger/export' });
    // Now it can be asked for again.
    ok(await ask('ledger/export'), 201);
  });

  test('requestedBy and decidedBy carry the person’s name, and the email only for team-mates and admins', async () => {
    const [request] = (await box(amy, 'outbox')).filter((r) => r.status === 'approved');
    assert.ok(request);
    assert.deepEqual(request.requestedBy, { id: amy.userId, name: 'amy', email: 'amy@example.com' });
    assert.deepEqual(request.decidedBy, { id: bob.userId, name: 'bob', email: null });
    const inbox = (await box(bob, 'inbox')).find((r) => r.id === request.id);
    assert.deepEqual(inbox?.requestedBy, { id: amy.userId, name: 'amy', email: null });
    assert.deepEqual(inbox?.decidedBy, { id: bob.userId, name: 'bob', email: 'bob@example.com' });
    const asAdmin = (await box(gate.admin, 'all')).find((r) => r.id === request.id);
    assert.equal(asAdmin?.requestedBy.email, 'amy@example.com');
    assert.equal(asAdmin?.decidedBy?.email, 'bob@example.com');
  });
});

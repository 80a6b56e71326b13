import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { SecretsReport, StaleClientsReport, Team, UnusedScopesReport } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { listScopeUsage } from '../../src/store/repos/scope-usage.js';
import { type ApiSession, assertApiError, describeEachBackend, issuePaths, ok } from './harness.js';

const DAY = 86_400_000;

describeEachBackend('admin API hygiene reports', (gate) => {
  let alpha: Team;
  let beta: Team;
  let busy: { clientId: string; secret: string; secretId: string };
  let idle: string;
  let other: string;
  let alice: ApiSession;
  let t0: number;
  let writerId: string;

  const stale = async (as: ApiSession, query = '') =>
    ok(await as.get<StaleClientsReport>(`/api/v1/reports/stale-clients${query}`));
  const unused = async (as: ApiSession, query = '') =>
    ok(await as.get<UnusedScopesReport>(`/api/v1/reports/unused-scopes${query}`));
  const secrets = async (as: ApiSession, query = '') =>
    ok(await as.get<SecretsReport>(`/api/v1/reports/secrets${query}`));
  const token = async (scope: string) => {
    const answer = await gate.token(busy.clientId, busy.secret, scope);
    assert.equal(answer.status, 200, answer.text);
  };
  /** Moves time forward and signs the people in again, as sessions idle out over days. */
  const advance = async (ms: number) => {
    gate.clock.advance(ms);
    await gate.renewAdmin();
    alice = await gate.signIn('alice@example.com');
  };

  before(async () => {
    t0 = gate.clock.now();
    alpha = await gate.team(gate.admin, 'alpha');
    beta = await gate.team(gate.admin, 'beta');
    await gate.resourceServer(gate.admin, alpha.id, {
      identifier: 'orders',
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }],
    });
    const made = await gate.client(gate.admin, alpha.id, {
      name: 'busy',
      scopes: ['orders/read', 'orders/write'],
    });
    busy = { clientId: made.client.clientId, secret: made.secret, secretId: made.secretId };
    idle = (await gate.client(gate.admin, alpha.id, { name: 'idle', scopes: ['orders/read'] })).client
      .clientId;
    other = (await gate.client(gate.admin, beta.id, { name: 'other', scopes: ['orders/read'] })).client
      .clientId;
    // Roles: `busy` holds read through one too (and uses it); `idle` holds write only through one.
    const reader = ok(
      await gate.admin.post('/api/v1/roles', { name: 'reader', teamId: alpha.id, scopes: ['orders/read'] }),
      201,
    );
    const writer = ok(
      await gate.admin.post('/api/v1/roles', { name: 'writer', teamId: alpha.id, scopes: ['orders/write'] }),
      201,
    );
    writerId = String(writer.id);
    ok(await gate.admin.post(`/api/v1/clients/${busy.clientId}/roles`, { role: String(reader.id) }));
    ok(await gate.admin.post(`/api/v1/clients/${idle}/roles`, { role: writerId }));
    await gate.sync();
    await gate.user('alice@example.com');
    await gate.addMember(gate.admin, alpha.id, 'alice@example.com');
    alice = await gate.signIn('alice@example.com');
  });

  test('tokens are counted per client and scope, and saved at the flush', async () => {
    await token('orders/read');
    await token('orders/read orders/write');
    await token('orders/read');
    const db = gate.server.gatehouse.db;
    const mine = async () => (await listScopeUsage(db)).filter((u) => u.client_id === busy.clientId);
    await gate.server.runtime.flushLastUsed();
    const rows = (await mine()).sort((a, b) => a.scope.localeCompare(b.scope));
    assert.deepEqual(
      rows.map((r) => [r.scope, Number(r.tokens), Number(r.last_used_at)]),
      [
        ['read', 3, gate.clock.now()],
        ['write', 1, gate.clock.now()],
      ],
    );
    // A second flush adds to the counts instead of overwriting them.
    gate.clock.advance(1000);
    await token('orders/write');
    await gate.server.runtime.flushLastUsed();
    const write = (await mine()).find((r) => r.scope === 'write');
    assert.equal(Number(write?.tokens), 2);
    assert.equal(Number(write?.last_used_at), gate.clock.now());
  });

  test('a stale client is listed from the moment N whole days passed since its last token', async () => {
    const lastUse = gate.clock.now();
    await advance(30 * DAY - 1);
    let report = await stale(gate.admin, '?days=30');
    assert.equal(report.days, 30);
    assert.ok(!report.clients.some((c) => c.clientId === busy.clientId), 'one millisecond short of 30 days');
    // `idle` and `other` were never used: their age counts from creation, a little earlier.
    const never = report.clients.find((c) => c.clientId === idle);
    assert.ok(never, 'never used, created more than 30 days ago');
    assert.equal(never.lastUsedAt, null);
    assert.equal(never.idleDays, 30);
    assert.deepEqual(never.fix, {
      action: 'disable_client',
      commands: [`gatehouse clients disable ${idle}`],
    });
    assert.equal(never.teamSlug, 'alpha');
    assert.equal(never.authMethod, 'client_secret_basic');
    assert.equal(never.oldestSecretAgeDays, 30);

    gate.clock.advance(1);
    report = await stale(gate.admin, '?days=30');
    const busyRow = report.clients.find((c) => c.clientId === busy.clientId);
    assert.ok(busyRow, 'exactly 30 days since its last token');
    assert.equal(busyRow.lastUsedAt, new Date(lastUse).toISOString());
    assert.equal(busyRow.idleDays, 30);
    assert.deepEqual(report.summary, { stale: 3, neverUsed: 2 });
    // The default window is 90 days.
    assert.equal((await stale(gate.admin)).clients.length, 0);
  });

  test('a disabled client is not listed: it gets no tokens already', async () => {
    ok(await gate.admin.patch(`/api/v1/clients/${other}`, { enabled: false }));
    assert.ok(!(await stale(gate.admin, '?days=30')).clients.some((c) => c.clientId === other));
    ok(await gate.admin.patch(`/api/v1/clients/${other}`, { enabled: true }));
  });

  test('unused scopes: held, given more than N days ago, and no token carried them for N days', async () => {
    // busy used read and write 30 days ago; now only read.
    await token('orders/read');
    await gate.server.runtime.flushLastUsed();
    const report = await unused(gate.admin, '?days=20');
    const mine = report.scopes.filter((s) => s.clientId === busy.clientId);
    assert.deepEqual(
      mine.map((s) => s.scope),
      ['orders/write'],
    );
    const write = mine[0];
    assert.ok(write);
    assert.equal(write.tokens, 2);
    assert.deepEqual(write.origin, { type: 'direct', role: null, roleId: null });
    assert.deepEqual(write.fix, {
      action: 'remove_scope',
      commands: [`gatehouse clients permissions remove ${busy.clientId} orders/write`],
    });
    const idleRows = report.scopes.filter((s) => s.clientId === idle);
    assert.deepEqual(
      idleRows.map((s) => [s.scope, s.origin.type, s.origin.role]),
      [
        ['orders/read', 'direct', null],
        ['orders/write', 'role', 'writer'],
      ],
    );
    assert.equal(idleRows[0]?.lastUsedAt, null);
    assert.equal(idleRows[0]?.tokens, 0);
    // The fix for a scope held through a role is to take the role (or change it).
    assert.deepEqual(idleRows[1]?.fix, {
      action: 'remove_role',
      commands: [`gatehouse clients roles remove ${idle} ${writerId}`],
    });
    assert.equal(idleRows[1]?.origin.roleId, writerId);
    assert.equal(report.includesRoles, true);
    // A window longer than the scopes have been held lists nothing: they have not had their chance.
    assert.equal((await unused(gate.admin, '?days=90')).scopes.length, 0);
  });

  test('a scope given again recently is not unused, whatever its old use', async () => {
    ok(await gate.admin.del(`/api/v1/clients/${busy.clientId}/permissions?scope=orders/write`));
    ok(await gate.admin.post(`/api/v1/clients/${busy.clientId}/permissions`, { scopes: ['orders/write'] }));
    const report = await unused(gate.admin, '?days=20');
    assert.ok(!report.scopes.some((s) => s.clientId === busy.clientId));
  });

  test('team members see their teams only; another team is 403; admins and read-scoped machines see all', async () => {
    const mine = await stale(alice, '?days=30');
    assert.deepEqual(mine.clients.map((c) => c.teamSlug).sort(), ['alpha']);
    assert.ok(mine.clients.some((c) => c.clientId === idle));
    assert.ok(!(await unused(alice, '?days=20')).scopes.some((s) => s.clientId === other));
    assertApiError(await alice.get('/api/v1/reports/stale-clients?team=beta'), 403, 'forbidden');
    const scoped = await stale(alice, '?days=30&team=alpha');
    assert.equal(scoped.team, 'alpha');
    const everyone = await stale(gate.admin, '?days=30');
    assert.ok(everyone.clients.some((c) => c.clientId === other));
    const onlyBeta = await stale(gate.admin, `?days=30&team=${beta.id}`);
    assert.deepEqual(
      onlyBeta.clients.map((c) => c.clientId),
      [other],
    );

    const robot = await gate.server.gatehouse.clients.create(
      { name: 'report robot', scopes: ['gatehouse-admin/clients:read', 'gatehouse-admin/teams:read'] },
      CLI_ACTOR,
    );
    assert.ok(robot.secret);
    gate.secrets.push(robot.secret.value);
    await gate.sync();
    const reader = await gate.bearer(robot.client.clientId, robot.secret.value, ['clients:read']);
    assert.ok((await stale(reader, '?days=30')).clients.some((c) => c.clientId === other));
    ok(await reader.get('/api/v1/reports/unused-scopes'));
    ok(await reader.get('/api/v1/reports/secrets'));
    const noRead = await gate.bearer(robot.client.clientId, robot.secret.value, ['teams:read']);
    assertApiError(await noRead.get('/api/v1/reports/secrets'), 403, 'forbidden');
  });

  test('bad input is a 422 or 404 naming what is wrong, never a 500', async () => {
    for (const query of ['?days=0', '?days=abc', '?days=1.5', '?days=99999']) {
      const answer = await gate.admin.get(`/api/v1/reports/stale-clients${query}`);
      assertApiError(answer, 422, 'validation_failed');
      assert.deepEqual(issuePaths(answer), ['query.days']);
    }
    assertApiError(await gate.admin.get('/api/v1/reports/secrets?maxAgeDays=-1'), 422, 'validation_failed');
    assertApiError(await gate.admin.get('/api/v1/reports/unused-scopes?team=nope'), 404, 'not_found');
  });

  test('secrets: older than the policy, expiring soon, and clients with more than one active secret', async () => {
    const rotating = ok(
      await gate.admin.post(`/api/v1/clients/${busy.clientId}/secrets`, { expiresIn: 10 * 86_400 }),
      201,
    );
    gate.secrets.push(String(rotating.secret));
    let report = await secrets(gate.admin);
    assert.equal(report.maxAgeDays, 180);
    assert.equal(report.expiringWithinDays, 14);
    assert.deepEqual(report.old, []);
    const expiring = report.expiring.find((s) => s.clientId === busy.clientId);
    assert.equal(expiring?.secretId, rotating.id);
    assert.equal(expiring?.expiresInDays, 10);
    assert.equal(expiring?.fix.action, 'rotate_secret');
    const multiple = report.multipleActive.find((c) => c.clientId === busy.clientId);
    assert.deepEqual(
      multiple?.secrets.map((s) => s.secretId),
      [busy.secretId, rotating.id],
    );
    assert.deepEqual(multiple?.fix, {
      action: 'revoke_secret',
      commands: [`gatehouse clients secrets revoke ${busy.clientId} ${busy.secretId}`],
    });
    assert.equal(report.summary.multipleActive, 1);

    // A shorter policy for one run: the first secrets (made at t0) are old by it.
    report = await secrets(gate.admin, '?maxAgeDays=30&expiringWithinDays=5');
    assert.equal(report.expiring.length, 0, 'ten days left is outside a five-day window');
    const old = report.old.find((s) => s.secretId === busy.secretId);
    assert.ok(old);
    assert.equal(old.ageDays, Math.floor((gate.clock.now() - t0) / DAY));
    assert.deepEqual(old.fix.commands, [
      `gatehouse clients secrets add ${busy.clientId}`,
      `gatehouse clients secrets revoke ${busy.clientId} ${busy.secretId}`,
    ]);

    // Revoking the old secret finishes the rotation; an expired secret is no longer active.
    ok(await gate.admin.del(`/api/v1/clients/${busy.clientId}/secrets/${busy.secretId}`));
    report = await secrets(gate.admin);
    assert.ok(!report.multipleActive.some((c) => c.clientId === busy.clientId));
    await advance(10 * DAY);
    report = await secrets(gate.admin);
    assert.ok(
      !report.expiring.some((s) => s.clientId === busy.clientId),
      'expired: it no longer authenticates',
    );

    // Members see only their own teams' secrets.
    const theirs = await secrets(alice, '?maxAgeDays=1');
    assert.ok(theirs.old.length > 0);
    assert.ok(theirs.old.every((s) => s.teamSlug === 'alpha'));
  });

  test('never used: listed from the moment it is N days old; a scope from the moment it was held N days', async () => {
    const made = await gate.client(gate.admin, alpha.id, { name: 'newcomer', scopes: ['orders/read'] });
    const id = made.client.clientId;
    await advance(30 * DAY - 1);
    assert.ok(!(await stale(gate.admin, '?days=30')).clients.some((c) => c.clientId === id));
    assert.ok(!(await unused(gate.admin, '?days=30')).scopes.some((s) => s.clientId === id));
    gate.clock.advance(1);
    const row = (await stale(gate.admin, '?days=30')).clients.find((c) => c.clientId === id);
    assert.deepEqual([row?.lastUsedAt, row?.idleDays], [null, 30]);
    const scope = (await unused(gate.admin, '?days=30')).scopes.find((s) => s.clientId === id);
    assert.deepEqual([scope?.scope, scope?.lastUsedAt], ['orders/read', null]);
  });
});

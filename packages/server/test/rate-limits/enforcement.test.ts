import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AuditEventView, Team } from '@gatehouse/schemas';
import { type AdminGate, describeEachBackend } from '../admin/harness.js';
import { type ApiSession, ok } from '../admin/session.js';

/** Limits at the token endpoint, set through the admin API, over real HTTP with a frozen clock. */
describeEachBackend('rate limits at the token endpoint', (gate: AdminGate) => {
  let admin: ApiSession;
  let team: Team;

  before(async () => {
    admin = gate.admin;
    team = await gate.team(admin, 'limited');
    await gate.resourceServer(admin, team.id, {
      identifier: 'orders',
      name: 'Orders',
      scopes: [{ name: 'read' }],
    });
  });

  async function limitedClient(limits: Record<string, unknown>) {
    const { client, secret } = await gate.client(admin, team.id, { scopes: ['orders/read'] });
    if (Object.keys(limits).length > 0)
      ok(await admin.put(`/api/v1/clients/${client.clientId}/limits`, limits));
    await gate.sync();
    return { id: client.clientId, token: () => gate.token(client.clientId, secret, 'orders/read') };
  }

  test('over the rate: 429 slow_down with Retry-After, no-store and an OAuth error body', async () => {
    const c = await limitedClient({ rate: 1, burst: 2 });
    assert.equal((await c.token()).status, 200);
    assert.equal((await c.token()).status, 200);
    const refused = await c.token();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    assert.equal(refused.headers.get('pragma'), 'no-cache');
    assert.equal(refused.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(refused.body, {
      error: 'slow_down',
      error_description: 'this client is over its token request rate; retry after the time in Retry-After',
    });
  });

  test('the bucket refills at the rate: one more per second, never more than the burst', async () => {
    const c = await limitedClient({ rate: 1, burst: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await c.token()).status, 200, `burst request ${i + 1}`);
    assert.equal((await c.token()).status, 429);
    gate.clock.advance(1000);
    assert.equal((await c.token()).status, 200);
    assert.equal((await c.token()).status, 429);
    gate.clock.advance(500);
    const early = await c.token();
    assert.equal(early.status, 429);
    assert.equal(early.headers.get('retry-after'), '1');
    // A long quiet spell refills to the burst, not beyond.
    gate.clock.advance(60_000);
    for (let i = 0; i < 3; i++) assert.equal((await c.token()).status, 200);
    assert.equal((await c.token()).status, 429);
  });

  test('the daily quota: refused until the next UTC midnight, then it starts over', async () => {
    const midnight = Math.floor(gate.clock.now() / 86_400_000 + 1) * 86_400_000;
    gate.clock.set(midnight - 3 * 3600_000 - 20_000); // 20:59:40 UTC
    admin = await gate.renewAdmin();
    const c = await limitedClient({ daily: 2 });
    assert.equal((await c.token()).status, 200);
    assert.equal((await c.token()).status, 200);
    const refused = await c.token();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), String(3 * 3600 + 20));
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    assert.deepEqual(refused.body, {
      error: 'slow_down',
      error_description: 'this client has used its daily token quota; it starts over at 00:00 UTC',
    });
    // Today's usage, as saved, against the quota.
    const limits = ok(await admin.get(`/api/v1/clients/${c.id}/limits`));
    assert.equal(limits.usage.issued, 2);
    assert.equal(limits.effective.daily, 2);
    gate.clock.set(midnight);
    assert.equal((await c.token()).status, 200);
    admin = await gate.renewAdmin();
  });

  test('observe mode refuses nothing and logs what it would have refused once a minute', async () => {
    const c = await limitedClient({ rate: 1, burst: 1, daily: 2, observe: true });
    const warnings = () =>
      gate.logs.filter((l) => l.msg.startsWith('rate limits: observe mode') && l.clientId === c.id).length;
    for (let i = 0; i < 5; i++) assert.equal((await c.token()).status, 200, `request ${i + 1}`);
    assert.equal(warnings(), 1);
    gate.clock.advance(61_000);
    assert.equal((await c.token()).status, 200);
    assert.equal(warnings(), 2);
  });

  test('precedence part by part: client, then team, then platform', async () => {
    ok(await admin.put('/api/v1/limits', { daily: 5, rate: 1000 }));
    ok(await admin.put(`/api/v1/teams/${team.id}/limits`, { daily: 3 }));
    try {
      // The client sets only its rate: the team's quota still applies.
      const c = await limitedClient({ rate: 500 });
      const view = ok(await admin.get(`/api/v1/clients/${c.id}/limits`));
      assert.deepEqual(
        { rate: view.effective.rate, daily: view.effective.daily, sources: view.effective.sources },
        {
          rate: 500,
          daily: 3,
          sources: { rate: 'client', burst: 'default', daily: 'team', observe: null },
        },
      );
      for (let i = 0; i < 3; i++) assert.equal((await c.token()).status, 200);
      assert.match(String((await c.token()).body?.error_description), /daily token quota/);
      // The team's default cleared: the platform's quota of 5 applies, from the same count.
      ok(await admin.del(`/api/v1/teams/${team.id}/limits`));
      await gate.sync();
      assert.equal((await c.token()).status, 200);
      assert.equal((await c.token()).status, 200);
      assert.equal((await c.token()).status, 429);
      // The client's own quota wins over both.
      ok(await admin.put(`/api/v1/clients/${c.id}/limits`, { rate: 500, daily: 10 }));
      await gate.sync();
      assert.equal((await c.token()).status, 200);
    } finally {
      ok(await admin.del('/api/v1/limits'));
      ok(await admin.del(`/api/v1/teams/${team.id}/limits`));
      await gate.sync();
    }
  });

  test('a client without limits is never counted', async () => {
    const c = await limitedClient({});
    for (let i = 0; i < 20; i++) assert.equal((await c.token()).status, 200);
  });

  test('every change is audited with before and after', async () => {
    const c = await limitedClient({ rate: 2 });
    ok(await admin.put(`/api/v1/clients/${c.id}/limits`, { daily: 7 }));
    ok(await admin.put(`/api/v1/teams/${team.id}/limits`, { rate: 9 }));
    ok(await admin.put('/api/v1/limits', { observe: true }));
    ok(await admin.del('/api/v1/limits'));
    ok(await admin.del(`/api/v1/teams/${team.id}/limits`));
    const events: AuditEventView[] = ok(await admin.get('/api/v1/audit?limit=20')).events;
    const mine = events.filter((e) => e.action.endsWith('.limits.update')).slice(0, 6);
    assert.deepEqual(
      mine.map((e) => [e.action, e.target.id, e.before, e.after]),
      [
        ['team.limits.update', team.id, { rate: 9 }, {}],
        ['platform.limits.update', 'platform', { observe: true }, {}],
        ['platform.limits.update', 'platform', {}, { observe: true }],
        ['team.limits.update', team.id, {}, { rate: 9 }],
        ['client.limits.update', c.id, { rate: 2 }, { daily: 7 }],
        ['client.limits.update', c.id, {}, { rate: 2 }],
      ],
    );
  });
});

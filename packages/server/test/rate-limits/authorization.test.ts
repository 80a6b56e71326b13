import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Team } from '@gatehouse/schemas';
import { type AdminGate, describeEachBackend } from '../admin/harness.js';
import { type ApiSession, ok } from '../admin/session.js';

/**
 * Who may set which limits: team members tighten their clients' limits within the team or
 * platform ceiling; raising them, observe mode over an enforced limit, and the team and
 * platform defaults are platform admins'.
 */
describeEachBackend('rate limits: who may set them', (gate: AdminGate) => {
  let admin: ApiSession;
  let member: ApiSession;
  let outsider: ApiSession;
  let team: Team;
  let clientId: string;

  before(async () => {
    admin = gate.admin;
    team = await gate.team(admin, 'capped');
    member = await gate.user('member@example.com');
    await gate.addMember(admin, team.id, 'member@example.com');
    outsider = await gate.user('outsider@example.com');
    ok(await admin.put(`/api/v1/teams/${team.id}/limits`, { rate: 10, burst: 20, daily: 1000 }));
    clientId = (await gate.client(member, team.id)).client.clientId;
  });

  const put = (as: ApiSession, body: unknown) => as.put(`/api/v1/clients/${clientId}/limits`, body);

  test('a member may lower its client limits within the ceiling', async () => {
    const view = ok(await put(member, { rate: 5, burst: 10, daily: 500, observe: false }));
    assert.deepEqual(view.own, { rate: 5, burst: 10, daily: 500, observe: false });
    assert.equal(view.canEdit, true);
  });

  test('a member may not raise a part above the ceiling, nor switch to observe mode', async () => {
    for (const [body, message] of [
      [{ rate: 11 }, /rate above its team or platform limit \(10\/s\)/],
      [{ burst: 21 }, /burst above its team or platform limit \(20\)/],
      [{ daily: 1001 }, /daily quota above its team or platform limit \(1000\)/],
      [{ observe: true }, /observe mode/],
    ] as const) {
      const answer = await put(member, body);
      assert.equal(answer.status, 403, JSON.stringify(body));
      assert.match(String(answer.body.message ?? answer.body.error_description ?? answer.text), message);
    }
  });

  test('a platform admin may set anything', async () => {
    const view = ok(await put(admin, { rate: 1000, observe: true }));
    assert.equal(view.effective.rate, 1000);
    assert.equal(view.effective.observe, true);
  });

  test('team and platform defaults are platform admins’ to set; members may read their team’s', async () => {
    assert.equal((await member.put(`/api/v1/teams/${team.id}/limits`, { rate: 1 })).status, 403);
    assert.equal((await member.del(`/api/v1/teams/${team.id}/limits`)).status, 403);
    assert.equal((await member.put('/api/v1/limits', { rate: 1 })).status, 403);
    assert.equal((await member.del('/api/v1/limits')).status, 403);
    const teamView = ok(await member.get(`/api/v1/teams/${team.id}/limits`));
    assert.deepEqual(teamView.own, { rate: 10, burst: 20, daily: 1000 });
    assert.deepEqual(
      teamView.clients.map((c: { clientId: string }) => c.clientId),
      [clientId],
    );
    assert.equal(teamView.canEdit, false);
    assert.equal(ok(await member.get('/api/v1/limits')).canEdit, false);
  });

  test('other teams’ people see and change nothing', async () => {
    assert.equal((await outsider.get(`/api/v1/clients/${clientId}/limits`)).status, 403);
    assert.equal((await outsider.put(`/api/v1/clients/${clientId}/limits`, { rate: 1 })).status, 403);
    assert.equal((await outsider.get(`/api/v1/teams/${team.id}/limits`)).status, 403);
  });

  test('bad input is refused naming the field (422, as every admin body), never a 500', async () => {
    for (const body of [
      { rate: -1 },
      { rate: 0 },
      { rate: '50/s' },
      { burst: 1.5 },
      { daily: 0 },
      { observe: 'yes' },
      { colour: 'red' },
      [],
      null,
    ]) {
      const answer = await put(admin, body);
      assert.equal(answer.status, 422, `${JSON.stringify(body)}: ${answer.text}`);
      const field = body && !Array.isArray(body) ? Object.keys(body)[0] : undefined;
      if (field && field !== 'colour') assert.equal(answer.body.issues[0].path, field);
    }
    assert.equal((await admin.get('/api/v1/clients/nope/limits')).status, 404);
    assert.equal((await admin.put('/api/v1/teams/nope/limits', {})).status, 404);
  });
});

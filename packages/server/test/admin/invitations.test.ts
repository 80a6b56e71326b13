import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AuditEventView, Invitation, MyInvitation, Team, TeamDetail } from '@gatehouse/schemas';
import { sweepExpiredInvitations } from '../../src/services/invitation-expiry.js';
import { type ApiSession, assertApiError, describeEachBackend, ok } from './harness.js';

const DAY = 24 * 3600_000;

describeEachBackend('team invitations', (gate) => {
  let olive: ApiSession; // owner of `crew`
  let max: ApiSession; // member of `crew`
  let nina: ApiSession; // in no team
  let team: Team;

  const invite = (as: ApiSession, email: string, role?: string) =>
    as.post<Invitation>(`/api/v1/teams/${team.id}/invitations`, { email, ...(role ? { role } : {}) });
  const mine = async (as: ApiSession) =>
    ok(await as.get('/api/v1/invitations')).invitations as MyInvitation[];
  const pending = async (as: ApiSession = olive) =>
    ok(await as.get(`/api/v1/teams/${team.id}/invitations`)).invitations as Invitation[];
  const detail = async (as: ApiSession) => ok(await as.get<TeamDetail>(`/api/v1/teams/${team.id}`));
  const memberIds = async () => (await detail(olive)).members.map((m) => m.userId).sort();
  const events = async (action: string) =>
    ok(await gate.admin.get(`/api/v1/audit?action=${action}&team=${team.id}`)).events as AuditEventView[];

  /** Portal sessions end after 8 idle hours: after the clock moves by days, everyone signs in again. */
  async function signInAgain(): Promise<void> {
    olive = await gate.signIn('olive@example.com');
    max = await gate.signIn('max@example.com');
    nina = await gate.signIn('nina@example.com');
    await gate.renewAdmin();
  }

  before(async () => {
    olive = await gate.user('olive@example.com');
    max = await gate.user('max@example.com');
    nina = await gate.user('nina@example.com');
    team = await gate.team(olive, 'crew');
    await gate.addMember(olive, team.id, 'max@example.com');
  });

  test('no direct adds over the API: people join only by accepting', async () => {
    for (const as of [olive, gate.admin]) {
      const direct = await as.post(`/api/v1/teams/${team.id}/members`, { email: 'nina@example.com' });
      assert.ok([404, 405].includes(direct.status), direct.text);
    }
    assert.ok(!(await memberIds()).includes(nina.userId));
  });

  test('the answer is the same whether or not an account has the email', async () => {
    const known = await invite(olive, 'NINA@Example.com ');
    const unknown = await invite(olive, 'nobody-here@example.com');
    assert.equal(known.status, 201, known.text);
    assert.equal(unknown.status, 201, unknown.text);
    assert.deepEqual(Object.keys(known.body).sort(), Object.keys(unknown.body).sort());
    const strip = (i: Invitation) => ({ ...i, id: '', email: '' });
    assert.deepEqual(strip(known.body), strip(unknown.body));
    assert.equal(known.body.email, 'nina@example.com');
    assert.equal(known.body.status, 'pending');
    assert.equal(known.body.role, 'member');
    assert.deepEqual(known.body.invitedBy, { id: olive.userId, name: 'olive' });
    assert.equal(known.body.expiresAt, new Date(gate.clock.now() + 7 * DAY).toISOString());
    assert.doesNotMatch(known.text, new RegExp(nina.userId));
    // Nobody joined by being invited.
    assert.ok(!(await memberIds()).includes(nina.userId));
    ok(await olive.del(`/api/v1/teams/${team.id}/invitations/${known.body.id}`), 204);
    ok(await olive.del(`/api/v1/teams/${team.id}/invitations/${unknown.body.id}`), 204);
  });

  test('invite, then the invitee accepts and joins with the invited role; once only', async () => {
    const invitation = ok(await invite(olive, 'nina@example.com', 'owner'), 201);
    const seen = await mine(nina);
    assert.deepEqual(seen, [
      {
        id: invitation.id,
        team: { id: team.id, slug: 'crew', name: 'Team crew' },
        role: 'owner',
        invitedBy: { name: 'olive' },
        createdAt: invitation.createdAt,
        expiresAt: invitation.expiresAt,
      },
    ]);
    assert.deepEqual(await mine(max), []);
    // Only the invitee may answer; anyone else gets the answer an unknown id gets.
    assertApiError(await max.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
    assertApiError(await gate.admin.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
    assertApiError(await max.post(`/api/v1/invitations/${invitation.id}/decline`), 404, 'not_found');

    // Two tabs accept at once: one wins, the other is told there is nothing to accept.
    const otherTab = await gate.signIn('nina@example.com');
    const answers = await Promise.all(
      [nina, otherTab].map((tab) => tab.post<Team>(`/api/v1/invitations/${invitation.id}/accept`)),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 404]);
    const winner = answers.find((a) => a.status === 200);
    assert.ok(winner);
    const joined = ok(winner);
    assert.equal(joined.id, team.id);
    assert.equal(joined.myRole, 'owner');
    const member = (await detail(olive)).members.find((m) => m.userId === nina.userId);
    assert.equal(member?.role, 'owner');
    assert.equal(member?.email, 'nina@example.com');
    assertApiError(await nina.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
    assert.deepEqual(await mine(nina), []);
    assert.deepEqual(await pending(), []);

    const [accepted] = await events('team.invitation_accept');
    assert.deepEqual(accepted?.actor, { type: 'user', id: nina.userId, name: 'nina@example.com' });
    assert.deepEqual(accepted?.after, {
      invitationId: invitation.id,
      userId: nina.userId,
      email: 'nina@example.com',
      role: 'owner',
    });
    ok(await olive.del(`/api/v1/teams/${team.id}/members/${nina.userId}`), 204);
  });

  test('an invitee may decline; the invitation is then spent', async () => {
    const invitation = ok(await invite(olive, 'nina@example.com'), 201);
    ok(await nina.post(`/api/v1/invitations/${invitation.id}/decline`), 204);
    assert.ok(!(await memberIds()).includes(nina.userId));
    assert.deepEqual(await mine(nina), []);
    assert.deepEqual(await pending(), []);
    assertApiError(await nina.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
    const [declined] = await events('team.invitation_decline');
    assert.equal(declined?.actor.id, nina.userId);
    assert.deepEqual(declined?.before, {
      invitationId: invitation.id,
      userId: nina.userId,
      email: 'nina@example.com',
      role: 'member',
    });
  });

  test('owners revoke; members may look but neither invite nor revoke; outsiders may do neither', async () => {
    const invitation = ok(await invite(olive, 'nina@example.com'), 201);
    assert.deepEqual(
      (await pending(max)).map((i) => i.id),
      [invitation.id],
    );
    assertApiError(await invite(max, 'friend@example.com'), 403, 'forbidden');
    assertApiError(await invite(nina, 'friend@example.com'), 403, 'forbidden');
    assertApiError(await nina.get(`/api/v1/teams/${team.id}/invitations`), 403, 'forbidden');
    assertApiError(await max.del(`/api/v1/teams/${team.id}/invitations/${invitation.id}`), 403, 'forbidden');
    assertApiError(await nina.del(`/api/v1/teams/${team.id}/invitations/${invitation.id}`), 403, 'forbidden');

    ok(await olive.del(`/api/v1/teams/${team.id}/invitations/${invitation.id}`), 204);
    assertApiError(
      await olive.del(`/api/v1/teams/${team.id}/invitations/${invitation.id}`),
      404,
      'not_found',
    );
    assert.deepEqual(await mine(nina), []);
    assertApiError(await nina.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
    const [revoked] = await events('team.invitation_revoke');
    assert.equal(revoked?.actor.id, olive.userId);
    assert.deepEqual(revoked?.before, {
      invitationId: invitation.id,
      email: 'nina@example.com',
      role: 'member',
    });
  });

  test('inviting a pending email again refreshes that invitation; members cannot be invited', async () => {
    const first = ok(await invite(olive, 'nina@example.com'), 201);
    const again = await gate.withClockAdvanced(3 * DAY, async () => {
      await signInAgain();
      const second = ok(await invite(olive, 'nina@example.com', 'owner'), 201);
      assert.equal(second.id, first.id);
      assert.equal(second.role, 'owner');
      assert.equal(second.expiresAt, new Date(gate.clock.now() + 7 * DAY).toISOString());
      assert.deepEqual(
        (await pending()).map((i) => [i.id, i.role]),
        [[first.id, 'owner']],
      );
      return second;
    });
    await signInAgain();
    const [refreshed] = await events('team.invitation_refresh');
    assert.equal((refreshed?.after as { invitationId: string }).invitationId, again.id);
    assertApiError(await invite(olive, 'max@example.com'), 409, 'conflict');
    ok(await olive.del(`/api/v1/teams/${team.id}/invitations/${first.id}`), 204);
  });

  test('an invitation expires after seven days: nobody can accept it, and housekeeping records it', async () => {
    const invitation = ok(await invite(olive, 'nina@example.com'), 201);
    const sweep = () => sweepExpiredInvitations(gate.server.gatehouse.db, gate.clock);
    await gate.withClockAdvanced(7 * DAY - 1000, async () => {
      await signInAgain();
      assert.equal(await sweep(), 0);
      assert.equal((await mine(nina)).length, 1);
    });
    await gate.withClockAdvanced(7 * DAY, async () => {
      await signInAgain();
      assert.deepEqual(await mine(nina), []);
      assert.deepEqual(await pending(), []);
      assertApiError(await nina.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
      // The server's own housekeeping may have got there first; either way it happens once.
      await sweep();
      assert.equal(await sweep(), 0);
    });
    await signInAgain();
    assert.ok(!(await memberIds()).includes(nina.userId));
    // Housekeeping made it final: moving the clock back does not revive it.
    assertApiError(await nina.post(`/api/v1/invitations/${invitation.id}/accept`), 404, 'not_found');
    const expiredEvents = await events('team.invitation_expire');
    assert.equal(expiredEvents.length, 1);
    const [expired] = expiredEvents;
    assert.deepEqual(expired?.actor, { type: 'system', id: null, name: 'gatehouse' });
    assert.deepEqual(expired?.before, {
      invitationId: invitation.id,
      email: 'nina@example.com',
      role: 'member',
    });
    // A fresh invitation works again.
    const fresh = ok(await invite(olive, 'nina@example.com'), 201);
    assert.notEqual(fresh.id, invitation.id);
    ok(await olive.del(`/api/v1/teams/${team.id}/invitations/${fresh.id}`), 204);
  });

  test('an account made after the invitation sees it: the email is what matches', async () => {
    const invitation = ok(await invite(olive, 'Later@Example.com'), 201);
    const later = await gate.user('later@example.com');
    assert.deepEqual(
      (await mine(later)).map((i) => i.id),
      [invitation.id],
    );
    ok(await later.post(`/api/v1/invitations/${invitation.id}/accept`));
    assert.ok((await memberIds()).includes(later.userId));
  });

  test('member emails: for members of the same team and platform admins only', async () => {
    const outsider = (await detail(nina)).members;
    assert.ok(outsider.length >= 2);
    assert.ok(outsider.every((m) => m.email === null && m.name !== ''));
    assert.ok((await detail(max)).members.every((m) => typeof m.email === 'string'));
    assert.ok((await detail(gate.admin)).members.every((m) => typeof m.email === 'string'));
    assertApiError(await nina.get(`/api/v1/teams/${team.id}/invitations`), 403, 'forbidden');
  });

  test("the audit log shows a team's members no email of people outside it", async () => {
    // The admin (no member) invites, and a member leaves: both are events of the team.
    const invitation = ok(await invite(gate.admin, 'someone@example.com'), 201);
    const leaver = await gate.user('leaver@example.com');
    const asked = ok(await invite(olive, 'leaver@example.com'), 201);
    ok(await leaver.post(`/api/v1/invitations/${asked.id}/accept`));
    ok(await leaver.del(`/api/v1/teams/${team.id}/members/${leaver.userId}`), 204);

    const seen = ok(await max.get(`/api/v1/audit?team=${team.id}&limit=1000`)).events as AuditEventView[];
    const text = JSON.stringify(seen);
    assert.doesNotMatch(text, /root@gatehouse\.test/);
    const byAdmin = seen.find(
      (e) => e.action === 'team.invitation_create' && e.actor.id === gate.admin.userId,
    );
    assert.equal(byAdmin?.actor.name, 'Administrator');
    const removed = seen.find((e) => e.action === 'team.member_remove' && e.actor.id === leaver.userId);
    assert.equal(removed?.actor.name, 'leaver');
    assert.deepEqual(removed?.before, { userId: leaver.userId, role: 'member' });
    // A team-mate's email stays visible to a team-mate; admins see everything.
    assert.ok(seen.some((e) => e.actor.name === 'olive@example.com'));
    const full = ok(await gate.admin.get(`/api/v1/audit?team=${team.id}&limit=1000`))
      .events as AuditEventView[];
    assert.ok(full.some((e) => e.actor.name === 'leaver@example.com'));
    // Filtering by a guessed email confirms nothing.
    assert.deepEqual(
      (ok(await max.get(`/api/v1/audit?team=${team.id}&actor=leaver@example.com`)).events as unknown[])
        .length,
      0,
    );
    ok(await gate.admin.del(`/api/v1/teams/${team.id}/invitations/${invitation.id}`), 204);
  });

  test("a team's machine client with teams:write may invite members, not owners, and not add anyone", async () => {
    const created = await gate.server.gatehouse.clients.create(
      { name: 'crew robot', scopes: ['gatehouse-admin/teams:write', 'gatehouse-admin/teams:read'] },
      CLI_ACTOR,
      { teamId: team.id },
    );
    assert.ok(created.secret);
    gate.secrets.push(created.secret.value);
    await gate.sync();
    const robot = await gate.bearer(created.client.clientId, created.secret.value, [
      'teams:write',
      'teams:read',
    ]);
    const invited = ok(await invite(robot, 'robot-friend@example.com'), 201);
    assert.deepEqual(invited.invitedBy, { id: created.client.clientId, name: 'crew robot' });
    assertApiError(await invite(robot, 'boss@example.com', 'owner'), 403, 'forbidden');
    const direct = await robot.post(`/api/v1/teams/${team.id}/members`, { email: 'nina@example.com' });
    assert.ok([404, 405].includes(direct.status), direct.text);
    // Invitations are for people: a token has none and cannot answer one.
    assertApiError(await robot.get('/api/v1/invitations'), 403, 'forbidden');
    ok(await robot.del(`/api/v1/teams/${team.id}/invitations/${invited.id}`), 204);
  });
});

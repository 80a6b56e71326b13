// Portal accounts: new passwords, disabling, deleting, and sessions, over the admin API.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { AccountSession, AuditEventView, User } from '@gatehouse/schemas';
import {
  ADMIN_EMAIL,
  type ApiSession,
  assertApiError,
  describeEachBackend,
  issuePaths,
  ok,
  PASSWORD,
} from './harness.js';

const NEW_PASSWORD = 'a brand new password, long';

describeEachBackend('admin API: portal account chores', (gate) => {
  const audit = async (action: string): Promise<AuditEventView[]> =>
    (ok(await gate.admin.get('/api/v1/audit?limit=1000')).events as AuditEventView[]).filter(
      (e) => e.action === action,
    );
  const me = async (s: ApiSession) => (await s.get('/api/v1/me')).status;

  let kim: ApiSession;
  before(async () => {
    kim = await gate.user('kim@example.com');
  });

  test('an admin sets a new password: every session of the account ends, the new password works, the old does not', async () => {
    const second = await gate.signIn('kim@example.com');
    const user = ok(
      await gate.admin.put<User>('/api/v1/users/kim@example.com/password', { password: NEW_PASSWORD }),
    );
    assert.equal(user.email, 'kim@example.com');
    assert.equal(await me(kim), 401);
    assert.equal(await me(second), 401);
    assertApiError(await gate.session().login('kim@example.com', PASSWORD), 401, 'invalid_credentials');
    kim = await gate.signIn('kim@example.com', NEW_PASSWORD);
    const [event] = await audit('account.password.set');
    assert.ok(event);
    assert.equal(event.target.id, kim.userId);
    assert.equal(event.target.name, 'kim@example.com');
    assert.deepEqual(event.after, { sessionsEnded: 2 });
    assert.doesNotMatch(JSON.stringify(event), /brand new/);
  });

  test('the password policy holds, and members cannot set passwords', async () => {
    assert.deepEqual(
      issuePaths(await gate.admin.put('/api/v1/users/kim@example.com/password', { password: 'short' })),
      ['password'],
    );
    assertApiError(
      await kim.put(`/api/v1/users/${gate.admin.userId}/password`, { password: NEW_PASSWORD }),
      403,
      'forbidden',
    );
    assertApiError(
      await gate.admin.put('/api/v1/users/nobody@example.com/password', { password: NEW_PASSWORD }),
      404,
      'not_found',
    );
  });

  test('a person changes their own password: needs the current one, ends their other sessions, keeps this one', async () => {
    const other = await gate.signIn('kim@example.com', NEW_PASSWORD);
    assert.deepEqual(
      issuePaths(
        await kim.post('/api/v1/me/password', { currentPassword: 'wrong password!!', newPassword: PASSWORD }),
      ),
      ['currentPassword'],
    );
    assert.deepEqual(
      issuePaths(
        await kim.post('/api/v1/me/password', { currentPassword: NEW_PASSWORD, newPassword: 'short' }),
      ),
      ['newPassword'],
    );
    ok(await kim.post('/api/v1/me/password', { currentPassword: NEW_PASSWORD, newPassword: PASSWORD }), 204);
    assert.equal(await me(kim), 200);
    assert.equal(await me(other), 401);
    ok(await gate.session().login('kim@example.com', PASSWORD));
    const [event] = await audit('account.password.change');
    assert.ok(event);
    assert.equal(event.actor.id, kim.userId);
    assert.deepEqual(event.after, { sessionsEnded: 1 });
    // A bearer token is not a person: it cannot change a password.
    assertApiError(await gate.session('not-a-token').post('/api/v1/me/password', {}), 401, 'unauthenticated');
  });

  test('sessions are listed and ended, one or all, by an admin and by their owner', async () => {
    ok(await gate.admin.del('/api/v1/users/kim@example.com/sessions'));
    assert.equal(await me(kim), 401);
    kim = await gate.signIn('kim@example.com');
    const other = await gate.signIn('kim@example.com');
    const mine = ok(await kim.get<{ sessions: AccountSession[] }>('/api/v1/me/sessions')).sessions;
    assert.equal(mine.length, 2);
    assert.equal(mine.filter((s) => s.current).length, 1);
    assert.equal(mine[0]?.userAgent, 'gatehouse-admin-tests');
    for (const s of mine) assert.match(s.id, /^[A-Za-z0-9_-]{16}$/);
    assert.doesNotMatch(JSON.stringify(mine), new RegExp(other.cookie ?? 'x'));

    const listed = ok(
      await gate.admin.get<{ sessions: AccountSession[] }>('/api/v1/users/kim@example.com/sessions'),
    ).sessions;
    assert.deepEqual(listed.map((s) => s.id).sort(), mine.map((s) => s.id).sort());
    assert.ok(listed.every((s) => !s.current));
    const otherId = mine.find((s) => !s.current)?.id ?? '';
    assert.deepEqual(ok(await gate.admin.del(`/api/v1/users/kim@example.com/sessions/${otherId}`)), {
      ended: 1,
    });
    assert.equal(await me(other), 401);
    assert.equal(await me(kim), 200);
    assertApiError(
      await gate.admin.del(`/api/v1/users/kim@example.com/sessions/${otherId}`),
      404,
      'not_found',
    );
    assertApiError(
      await gate.admin.del('/api/v1/users/kim@example.com/sessions/short'),
      422,
      'validation_failed',
    );

    // Their own: every other one, then this one (which signs them out).
    const third = await gate.signIn('kim@example.com');
    assert.deepEqual(ok(await kim.del('/api/v1/me/sessions')), { ended: 1 });
    assert.equal(await me(third), 401);
    const current = ok(await kim.get<{ sessions: AccountSession[] }>('/api/v1/me/sessions')).sessions;
    assert.equal(current.length, 1);
    const answer = await kim.del(`/api/v1/me/sessions/${current[0]?.id ?? ''}`);
    assert.deepEqual(ok(answer), { ended: 1 });
    assert.match(answer.headers.getSetCookie().join(), /gh_session=;/);
    assert.equal(await me(kim), 401);
    kim = await gate.signIn('kim@example.com');
    // Someone else's session id is not theirs to end.
    const adminSession = ok(await gate.admin.get<{ sessions: AccountSession[] }>('/api/v1/me/sessions'))
      .sessions[0];
    assertApiError(await kim.del(`/api/v1/me/sessions/${adminSession?.id ?? ''}`), 404, 'not_found');
    assert.ok((await audit('account.sessions.end')).length >= 3);
  });

  test('a disabled account cannot sign in and its sessions end at once; enabled, it can again', async () => {
    const user = ok(await gate.admin.post<User>('/api/v1/users/kim@example.com/disable'));
    assert.notEqual(user.disabledAt, null);
    assert.equal(await me(kim), 401);
    assertApiError(await gate.session().login('kim@example.com', PASSWORD), 403, 'account_disabled');
    // A wrong password says no more than it does for anyone.
    assertApiError(
      await gate.session().login('kim@example.com', 'wrong password!!'),
      401,
      'invalid_credentials',
    );
    const listed = ok(await gate.admin.get<{ users: User[] }>('/api/v1/users')).users;
    assert.notEqual(listed.find((u) => u.email === 'kim@example.com')?.disabledAt, null);
    // Disabling twice changes nothing.
    ok(await gate.admin.post('/api/v1/users/kim@example.com/disable'));
    assert.equal((await audit('account.disable')).length, 1);

    const enabled = ok(await gate.admin.post<User>('/api/v1/users/kim@example.com/enable'));
    assert.equal(enabled.disabledAt, null);
    kim = await gate.signIn('kim@example.com');
    assert.equal((await audit('account.enable')).length, 1);
  });

  test('the last enabled platform admin cannot be disabled or deleted; with a second admin, they can', async () => {
    const adminId = gate.admin.userId;
    assertApiError(await gate.admin.post(`/api/v1/users/${adminId}/disable`), 409, 'conflict');
    assertApiError(await gate.admin.del(`/api/v1/users/${adminId}?confirm=${ADMIN_EMAIL}`), 409, 'conflict');
    const second = await gate.user('second-admin@example.com', { isAdmin: true });
    ok(await second.post(`/api/v1/users/${adminId}/disable`));
    assertApiError(await second.post(`/api/v1/users/${second.userId}/disable`), 409, 'conflict');
    assertApiError(await gate.admin.get('/api/v1/me'), 401, 'unauthenticated');
    ok(await second.post(`/api/v1/users/${adminId}/enable`));
    await gate.renewAdmin();
    // Members cannot act on accounts; nor on an admin's without admins:write.
    assertApiError(await kim.post(`/api/v1/users/${second.userId}/disable`), 403, 'forbidden');
    ok(await gate.admin.del(`/api/v1/users/${second.userId}`), 204);
  });

  test('deleting yourself needs your email as confirm', async () => {
    const tmp = await gate.user('tmp-admin@example.com', { isAdmin: true });
    assert.deepEqual(issuePaths(await tmp.del(`/api/v1/users/${tmp.userId}`)), ['confirm']);
    assert.deepEqual(issuePaths(await tmp.del(`/api/v1/users/${tmp.userId}?confirm=kim@example.com`)), [
      'confirm',
    ]);
    ok(await tmp.del(`/api/v1/users/${tmp.userId}?confirm=tmp-admin@example.com`), 204);
    assertApiError(await tmp.get('/api/v1/me'), 401, 'unauthenticated');
  });

  test('a deleted account loses sessions and memberships, and the audit history still names it', async () => {
    const team = await gate.team(gate.admin, 'leavers');
    await gate.addMember(gate.admin, team.id, 'kim@example.com');
    kim = await gate.signIn('kim@example.com');
    const kimId = kim.userId;
    ok(await gate.admin.del('/api/v1/users/kim@example.com'), 204);
    assert.equal(await me(kim), 401);
    assertApiError(await gate.admin.get('/api/v1/users/kim@example.com'), 404, 'not_found');
    const detail = ok(await gate.admin.get(`/api/v1/teams/${team.id}`));
    assert.ok(!(detail.members as { userId: string }[]).some((m) => m.userId === kimId));
    const [deleted] = await audit('account.delete');
    assert.ok(deleted);
    assert.equal(deleted.target.id, kimId);
    assert.equal(deleted.target.name, 'kim@example.com');
    assert.equal((deleted.before as { email: string }).email, 'kim@example.com');
    assert.deepEqual((deleted.before as { teams: unknown[] }).teams, [{ teamId: team.id, role: 'member' }]);
    // Their earlier acts still say who did them.
    const [changed] = await audit('account.password.change');
    assert.equal(changed?.actor.id, kimId);
    assert.equal(changed?.actor.name, 'kim@example.com');
    // The email is free again.
    await gate.user('kim@example.com');
  });
});

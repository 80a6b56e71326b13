import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEventView } from '@gatehouse/schemas';
import { describeEachBackend, ok, PASSWORD, USER_AGENT } from './harness.js';

describeEachBackend('refused portal sign-ins in the audit log', (gate) => {
  const signInEvents = async (): Promise<AuditEventView[]> =>
    ok(await gate.admin.get('/api/v1/audit?limit=1000'))
      .events.filter((e: AuditEventView) => e.action.startsWith('sign_in.'))
      .reverse();

  test('each wrong password is one event, the lock is one more, and nothing while locked', async () => {
    const victim = await gate.user('audited-victim@example.com');
    const since = (await signInEvents()).length;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await gate.session().login('audited-victim@example.com', `guess ${i}`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429, 429]);

    const events = (await signInEvents()).slice(since);
    assert.deepEqual(
      events.map((e) => [e.action, e.target.type, e.target.id]),
      [
        ...Array.from({ length: 5 }, () => ['sign_in.failed', 'user', victim.userId]),
        ['sign_in.locked', 'user', victim.userId],
      ],
    );
    for (const event of events) {
      assert.deepEqual(event.actor, { type: 'system', id: null, name: 'gatehouse' });
      assert.equal(event.ip, '127.0.0.1');
      assert.equal(event.userAgent, USER_AGENT);
      assert.equal(event.target.name, 'audited-victim@example.com');
      assert.equal(event.teamId, null);
      assert.ok(!JSON.stringify(event).includes('guess '), 'no password in the log');
    }
    assert.deepEqual(events[0]?.after, { reason: 'wrong_password' });
    const lock = events[5]?.after as { counter: string; lockedUntil: string };
    assert.equal(lock.counter, 'account');
    assert.ok(Date.parse(lock.lockedUntil) > gate.clock.now());
  });

  test('an email that names no account is recorded as unknown, never as typed', async () => {
    const since = (await signInEvents()).length;
    const typed = 'correct-horse-battery@example.com';
    const answer = await gate.session().login(typed, 'whatever it is');
    assert.equal(answer.status, 401);
    const events = (await signInEvents()).slice(since);
    assert.deepEqual(
      events.map((e) => [e.action, e.target.id, e.after]),
      [['sign_in.failed', 'unknown', { reason: 'unknown_account' }]],
    );
    assert.ok(!JSON.stringify(events).includes(typed));
  });

  test('a right password leaves no sign-in event', async () => {
    await gate.user('fine@example.com');
    const since = (await signInEvents()).length;
    assert.equal((await gate.session().login('fine@example.com', PASSWORD)).status, 200);
    assert.equal((await signInEvents()).length, since);
  });
});

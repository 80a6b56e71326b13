import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type {
  AuditEventView,
  PoolGroup,
  PoolSession,
  PoolSignUpResult,
  PoolUser,
  Team,
  UserPool,
} from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { codeFrom, type MailCatcher, startMailCatcher } from '../support/mail-catcher.js';
import { type ApiSession, assertApiError, describeEachBackend, issuePaths, ok } from './harness.js';

const PASSWORD = 'correct horse battery staple 9';

// Filled in before any gate starts: the confirmation codes go to a real SMTP receiver.
const env: Record<string, string> = {};
let catcher: MailCatcher;
before(async () => {
  catcher = await startMailCatcher();
  env.GATEHOUSE_SMTP_URL = catcher.url;
  env.GATEHOUSE_MAIL_FROM = 'Gatehouse <gatehouse@example.com>';
});
after(() => catcher.close());

describeEachBackend(
  'admin API: the users and groups of a pool',
  (gate) => {
    let alice: ApiSession;
    let team: Team;
    let pool: UserPool;
    let users: string;

    before(async () => {
      alice = await gate.user('alice@example.com');
      team = await gate.team(alice, 'people');
      pool = ok(
        await alice.post<UserPool>('/api/v1/user-pools', {
          name: 'People',
          teamId: team.id,
          requiredAttributes: ['email'],
        }),
        201,
      );
      users = `/api/v1/user-pools/${pool.id}/users`;
    });

    const lastAudit = async (action: string) =>
      (ok(await gate.admin.get(`/api/v1/audit?action=${action}`)).events as AuditEventView[])[0];

    test('sign a person up: UNCONFIRMED, with a code by real mail, sent again on request', async () => {
      const signUp = ok(
        await alice.post<PoolSignUpResult>(`/api/v1/user-pools/${pool.id}/sign-ups`, {
          username: 'Dana',
          email: 'dana@example.com',
          password: PASSWORD,
        }),
        201,
      );
      assert.equal(signUp.codeSent, true);
      assert.equal(signUp.user.status, 'UNCONFIRMED');
      const first = codeFrom(await catcher.next({ to: 'dana@example.com' }));
      const again = ok(await alice.post<PoolSignUpResult>(`${users}/dana/confirmation-code`));
      assert.equal(again.codeSent, true);
      const second = codeFrom(await catcher.next({ to: 'dana@example.com' }));
      const { poolUsers } = gate.server.gatehouse;
      if (first !== second) {
        await assert.rejects(poolUsers.confirmWithCode(pool.id, 'dana', first, CLI_ACTOR));
      }
      assert.equal((await poolUsers.confirmWithCode(pool.id, 'dana', second, CLI_ACTOR)).status, 'CONFIRMED');
      assertApiError(await alice.post(`${users}/dana/confirmation-code`), 409, 'conflict');
      const logged = JSON.stringify(gate.logs) + JSON.stringify(ok(await gate.admin.get('/api/v1/audit')));
      assert.ok(!logged.includes(PASSWORD) && !logged.includes(`"${second}"`), 'no password or code logged');
    });

    test('a sign-up without an email says no code went out', async () => {
      const open = ok(
        await alice.post<UserPool>('/api/v1/user-pools', {
          name: 'No mail',
          teamId: team.id,
          requiredAttributes: [],
        }),
        201,
      );
      const signUp = ok(
        await alice.post<PoolSignUpResult>(`/api/v1/user-pools/${open.id}/sign-ups`, {
          username: 'quiet',
          password: PASSWORD,
        }),
        201,
      );
      assert.deepEqual([signUp.user.status, signUp.codeSent], ['UNCONFIRMED', false]);
      const again = ok(
        await alice.post<PoolSignUpResult>(`/api/v1/user-pools/${open.id}/users/quiet/confirmation-code`),
      );
      assert.equal(again.codeSent, false);
      assert.equal(catcher.received.filter((m) => m.subject.includes('No mail')).length, 0);
    });

    test('create, find, change, confirm, disable, enable and delete a user', async () => {
      const signedUp = ok(
        await alice.post<PoolSignUpResult>(`/api/v1/user-pools/${pool.id}/sign-ups`, {
          username: 'Dora',
          email: 'dora@example.com',
          password: PASSWORD,
        }),
        201,
      );
      const dora = signedUp.user;
      await catcher.next({ to: 'dora@example.com' });
      const dave = ok(
        await alice.post<PoolUser>(users, {
          username: 'dave',
          email: 'dave@example.com',
          password: PASSWORD,
        }),
        201,
      );
      assert.equal(dave.status, 'CONFIRMED');
      const erin = ok(
        await alice.post<PoolUser>(users, { username: 'erin', email: 'erin@example.com' }),
        201,
      );
      assert.equal(erin.status, 'RESET_REQUIRED', 'no password yet');
      assert.deepEqual(issuePaths(await alice.post(users, { username: 'nomail' })), ['email']);

      const search = (q: string) =>
        alice
          .get(`${users}?search=${encodeURIComponent(q)}`)
          .then((a) => (ok(a).users as PoolUser[]).map((u) => u.username));
      assert.deepEqual((await search('D')).sort(), ['Dana', 'Dora', 'dave']);
      assert.deepEqual((await search('DO')).sort(), ['Dora']);
      assert.deepEqual(await search('erin'), ['erin']);
      assert.deepEqual(await search('zz'), []);

      assert.deepEqual(ok(await alice.get<PoolUser>(`${users}/dora`)), dora, 'usernames match without case');
      assert.deepEqual(ok(await alice.get<PoolUser>(`${users}/${dora.sub}`)), dora, 'or by sub');

      const changed = ok(
        await alice.patch<PoolUser>(`${users}/Dora`, { attributes: { given_name: 'Dora' } }),
      );
      assert.equal(changed.attributes.given_name, 'Dora');

      const confirmed = ok(await alice.post<PoolUser>(`${users}/Dora/confirm`));
      assert.equal(confirmed.status, 'CONFIRMED');
      assertApiError(await alice.post(`${users}/Dora/confirm`), 409, 'conflict');
      assert.equal((await lastAudit('pool_user.confirm'))?.target.id, dora.sub);

      assert.equal(ok(await alice.post<PoolUser>(`${users}/Dora/disable`)).enabled, false);
      assert.equal(ok(await alice.post<PoolUser>(`${users}/Dora/enable`)).enabled, true);

      assert.equal((await alice.del(`${users}/erin`)).status, 204);
      assertApiError(await alice.get(`${users}/erin`), 404, 'not_found');
      assert.equal((await lastAudit('pool_user.delete'))?.target.name, 'erin');
    });

    test('an admin sets a password, temporary by default or permanent', async () => {
      ok(await alice.post(users, { username: 'fay', email: 'fay@example.com' }), 201);
      const temporary = ok(await alice.put<PoolUser>(`${users}/fay/password`, { password: PASSWORD }));
      assert.equal(temporary.status, 'FORCE_CHANGE_PASSWORD');
      const permanent = ok(
        await alice.put<PoolUser>(`${users}/fay/password`, { password: PASSWORD, temporary: false }),
      );
      assert.equal(permanent.status, 'CONFIRMED');
      assert.deepEqual(issuePaths(await alice.put(`${users}/fay/password`, { password: 'short' })), [
        'password',
      ]);
      assert.deepEqual(
        issuePaths(await alice.put(`${users}/fay/password`, { password: PASSWORD, permanent: true })),
        [''],
      );
      const logged = JSON.stringify(gate.logs) + JSON.stringify(ok(await gate.admin.get('/api/v1/audit')));
      assert.ok(!logged.includes(PASSWORD), 'no password in logs or the audit log');
    });

    test("a user's sessions are listed and revoked one by one; sign-out ends them all", async () => {
      const gus = ok(
        await alice.post<PoolUser>(users, { username: 'gus', email: 'gus@example.com', password: PASSWORD }),
        201,
      );
      const record = await gate.server.gatehouse.userPools.lookup(pool.id);
      assert.ok(record);
      const origin = { ip: '203.0.113.7', userAgent: 'test browser' };
      const sessions = gate.server.gatehouse.poolSessions;
      const first = await sessions.start(record, gus.sub, origin);
      await sessions.start(record, gus.sub, origin);

      const listed = ok(await alice.get(`${users}/gus/sessions`)).sessions as PoolSession[];
      assert.equal(listed.length, 2);
      assert.equal(listed[0]?.ip, '203.0.113.7');
      assert.ok(!JSON.stringify(listed).includes(first.cookieValue), 'never the cookie value');
      assert.ok(listed.some((s) => s.id === first.session.idHash));

      assert.equal((await alice.del(`${users}/gus/sessions/${first.session.idHash}`)).status, 204);
      assertApiError(await alice.del(`${users}/gus/sessions/${first.session.idHash}`), 404, 'not_found');
      assertApiError(await alice.del(`${users}/dave/sessions/${listed[1]?.id ?? ''}`), 404, 'not_found');
      assert.equal((ok(await alice.get(`${users}/gus/sessions`)).sessions as PoolSession[]).length, 1);

      assert.deepEqual(ok(await alice.post(`${users}/gus/sign-out`)), {
        sessionsEnded: 1,
        refreshTokensRevoked: 0,
      });
      assert.deepEqual(ok(await alice.get(`${users}/gus/sessions`)).sessions, []);
      assert.equal((await lastAudit('pool_user.session_revoke'))?.target.id, gus.sub);
    });

    test('groups: create, list, add and remove members, delete', async () => {
      const groups = `/api/v1/user-pools/${pool.id}/groups`;
      const made = ok(
        await alice.post<PoolGroup>(groups, { name: 'admins', description: 'Shop admins', precedence: 1 }),
        201,
      );
      assert.deepEqual(
        { name: made.name, description: made.description, precedence: made.precedence },
        { name: 'admins', description: 'Shop admins', precedence: 1 },
      );
      assertApiError(await alice.post(groups, { name: 'admins' }), 409, 'conflict');
      assert.deepEqual(issuePaths(await alice.post(groups, { name: 'has space' })), ['name']);
      assert.deepEqual(
        (ok(await alice.get(groups)).groups as PoolGroup[]).map((g) => g.name),
        ['admins'],
      );

      assert.deepEqual(ok(await alice.put(`${groups}/admins/members/dave`)), {
        username: 'dave',
        groups: ['admins'],
      });
      assert.deepEqual(
        ok(await alice.put(`${groups}/admins/members/dave`)).groups,
        ['admins'],
        'again: no change',
      );
      assert.deepEqual(ok(await alice.get<PoolUser>(`${users}/dave`)).groups, ['admins']);
      assertApiError(await alice.put(`${groups}/nobody/members/dave`), 404, 'not_found');
      assertApiError(await alice.put(`${groups}/admins/members/nobody`), 404, 'not_found');

      assert.deepEqual(ok(await alice.del(`${groups}/admins/members/dave`)), {
        username: 'dave',
        groups: [],
      });
      assertApiError(await alice.del(`${groups}/admins/members/dave`), 404, 'not_found');
      ok(await alice.put(`${groups}/admins/members/dave`));
      assert.equal((await alice.del(`${groups}/admins`)).status, 204);
      assert.deepEqual(ok(await alice.get<PoolUser>(`${users}/dave`)).groups, []);
      assert.deepEqual(ok(await alice.get(groups)).groups, []);
      for (const action of ['create', 'add_user', 'remove_user', 'delete']) {
        assert.ok(await lastAudit(`pool_group.${action}`), action);
      }
    });
  },
  { env },
);

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UnsupportedUserStateException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { refusedWith } from '../support/refused.js';
import { AdminGate } from './admin-gate.js';

const PASSWORD = 'correct horse battery staple';

/** Refused with `type` (and `message`), as a 4xx: never a failure of the server. */
const rejectsWith = (promise: Promise<unknown>, type: new (...args: never[]) => Error, message?: string) =>
  assert.rejects(promise, (error: unknown) => {
    refusedWith(type, message)(error);
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    assert.ok(status !== undefined && status < 500, `answered ${String(status)}`);
    return true;
  });

eachBackend(
  'Cognito admin user operations',
  (name) => new AdminGate(name),
  (gate) => {
    const pool = () => gate.ordersPool;
    const users = () => gate.server.gatehouse.poolUsers;

    test("AdminCreateUser: a temporary password, FORCE_CHANGE_PASSWORD, attributes, in Cognito's UserType", async () => {
      const out = await gate.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool(),
          Username: 'kim',
          TemporaryPassword: 'Temp-pass-1234',
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: 'Kim@Example.com' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'given_name', Value: 'Kim' },
            { Name: 'custom:tier', Value: 'gold' },
          ],
        }),
      );
      const user = out.User;
      assert.ok(user);
      assert.equal(user.Username, 'kim');
      assert.equal(user.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(user.Enabled, true);
      assert.ok(user.UserCreateDate instanceof Date);
      assert.equal(user.UserCreateDate.getTime(), gate.clock.now());
      assert.equal(user.UserLastModifiedDate?.getTime(), gate.clock.now());
      assert.equal(user.MFAOptions, undefined);
      const attributes = Object.fromEntries((user.Attributes ?? []).map((a) => [a.Name, a.Value]));
      assert.equal(user.Attributes?.[0]?.Name, 'sub');
      assert.deepEqual(attributes, {
        sub: attributes.sub,
        email: 'kim@example.com',
        email_verified: 'true',
        given_name: 'Kim',
        'custom:tier': 'gold',
      });
      assert.equal(gate.mail.sent.length, 0, 'SUPPRESS sends nothing');
      const stored = await users().get(pool(), 'kim', CLI_ACTOR);
      assert.equal(stored.status, 'FORCE_CHANGE_PASSWORD');
      assert.equal(stored.emailVerified, true);
    });

    test('AdminCreateUser with EMAIL: a generated password that fits the policy, mailed with the username', async () => {
      const out = await gate.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool(),
          Username: 'lee',
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [{ Name: 'email', Value: 'lee@example.com' }],
        }),
      );
      assert.equal(out.User?.UserStatus, 'FORCE_CHANGE_PASSWORD');
      const message = gate.mail.sent.find((m) => m.to === 'lee@example.com');
      assert.ok(message, 'the invitation was mailed');
      assert.match(message.text, /Your username is lee\./);
      const password = /Your temporary password is (\S+)/.exec(message.text)?.[1] ?? '';
      assert.ok(password.length >= 16);
      // The mailed password is the one the user has.
      const found = await users().findForSignIn(pool(), 'lee');
      assert.ok(
        await gate.server.gatehouse.poolPasswords.verify(password, found?.user?.password_hash ?? null),
      );

      // RESEND: a new temporary password replaces it, mailed again.
      gate.mail.sent.length = 0;
      await gate.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool(),
          Username: 'LEE',
          MessageAction: 'RESEND',
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      const again = /Your temporary password is (\S+)/.exec(gate.mail.sent[0]?.text ?? '')?.[1] ?? '';
      assert.ok(again !== '' && again !== password);
      const after = await users().findForSignIn(pool(), 'lee');
      assert.ok(await gate.server.gatehouse.poolPasswords.verify(again, after?.user?.password_hash ?? null));
      assert.equal(
        await gate.server.gatehouse.poolPasswords.verify(password, after?.user?.password_hash ?? null),
        false,
      );
    });

    test('AdminCreateUser refusals: taken names, weak passwords, no email to mail, RESEND to the wrong user', async () => {
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({ UserPoolId: pool(), Username: 'KIM', MessageAction: 'SUPPRESS' }),
        ),
        UsernameExistsException,
        'User account already exists',
      );
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({ UserPoolId: pool(), Username: 'ash', TemporaryPassword: 'short' }),
        ),
        InvalidPasswordException,
      );
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({
            UserPoolId: pool(),
            Username: 'ash',
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        ),
        InvalidParameterException,
      );
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({
            UserPoolId: pool(),
            Username: 'ash',
            UserAttributes: [{ Name: 'email_verified', Value: 'yes' }],
          }),
        ),
        InvalidParameterException,
      );
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({
            UserPoolId: pool(),
            Username: 'ash',
            UserAttributes: [{ Name: 'nickname_unknown', Value: 'x' }],
          }),
        ),
        InvalidParameterException,
      );
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({ UserPoolId: pool(), Username: 'nobody', MessageAction: 'RESEND' }),
        ),
        UserNotFoundException,
        'User does not exist.',
      );
      await users().create(pool(), { username: 'settled', password: PASSWORD }, CLI_ACTOR);
      await rejectsWith(
        gate.admin.send(
          new AdminCreateUserCommand({ UserPoolId: pool(), Username: 'settled', MessageAction: 'RESEND' }),
        ),
        UnsupportedUserStateException,
        'Resend not possible. settled status is CONFIRMED.',
      );
      assert.equal((await users().list(pool(), CLI_ACTOR, { search: 'ash' })).length, 0, 'nothing half-made');
    });

    test('AdminCreateUser: an email taken where people sign in with it is AliasExistsException', async () => {
      const { gatehouse } = gate.server;
      const emailPool = await gatehouse.userPools.create(
        { name: 'by email', team: 'orders', signInWith: 'email' },
        CLI_ACTOR,
      );
      const create = (username: string) =>
        gate.admin.send(
          new AdminCreateUserCommand({
            UserPoolId: emailPool.id,
            Username: username,
            MessageAction: 'SUPPRESS',
            UserAttributes: [{ Name: 'email', Value: 'same@example.com' }],
          }),
        );
      await create('first');
      await rejectsWith(create('second'), AliasExistsException);
    });

    test('AdminGetUser: by username in any case or by sub; unknown users are UserNotFoundException', async () => {
      const kim = await users().get(pool(), 'kim', CLI_ACTOR);
      for (const ref of ['kim', 'KIM', kim.sub]) {
        const out = await gate.admin.send(new AdminGetUserCommand({ UserPoolId: pool(), Username: ref }));
        assert.equal(out.Username, 'kim');
        assert.equal(out.UserStatus, 'FORCE_CHANGE_PASSWORD');
        assert.equal(out.Enabled, true);
        assert.equal(out.UserAttributes?.find((a) => a.Name === 'sub')?.Value, kim.sub);
        assert.equal(out.UserCreateDate?.getTime(), Date.parse(kim.createdAt));
        assert.equal(out.MFAOptions, undefined);
      }
      await rejectsWith(
        gate.admin.send(new AdminGetUserCommand({ UserPoolId: pool(), Username: 'nobody' })),
        UserNotFoundException,
        'User does not exist.',
      );
    });

    test('AdminConfirmSignUp: UNCONFIRMED becomes CONFIRMED, once', async () => {
      await users().signUp(pool(), { username: 'student', password: PASSWORD }, CLI_ACTOR);
      await gate.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool(), Username: 'student' }));
      assert.equal((await users().get(pool(), 'student', CLI_ACTOR)).status, 'CONFIRMED');
      await rejectsWith(
        gate.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool(), Username: 'student' })),
        NotAuthorizedException,
        'User cannot be confirmed. Current status is CONFIRMED',
      );
      await rejectsWith(
        gate.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool(), Username: 'nobody' })),
        UserNotFoundException,
      );
    });

    test('AdminDisableUser and AdminEnableUser', async () => {
      gate.clock.advance(5000);
      await gate.admin.send(new AdminDisableUserCommand({ UserPoolId: pool(), Username: 'student' }));
      const disabled = await gate.admin.send(
        new AdminGetUserCommand({ UserPoolId: pool(), Username: 'student' }),
      );
      assert.equal(disabled.Enabled, false);
      assert.equal(disabled.UserLastModifiedDate?.getTime(), gate.clock.now());
      // Audited under the access key that signed the call.
      const student = await users().get(pool(), 'student', CLI_ACTOR);
      const audit = await gate.server.gatehouse.audit.list(CLI_ACTOR, {
        action: 'pool_user.disable',
        targetId: student.sub,
      });
      assert.deepEqual(audit.events[0]?.actor, {
        type: 'access_key',
        id: gate.ordersKey.accessKeyId,
        name: 'orders ci',
      });
      await gate.admin.send(new AdminEnableUserCommand({ UserPoolId: pool(), Username: 'student' }));
      assert.equal((await users().get(pool(), 'student', CLI_ACTOR)).enabled, true);
      await rejectsWith(
        gate.admin.send(new AdminDisableUserCommand({ UserPoolId: pool(), Username: 'nobody' })),
        UserNotFoundException,
      );
    });

    test('AdminSetUserPassword: permanent is CONFIRMED, temporary is FORCE_CHANGE_PASSWORD, the policy holds', async () => {
      await gate.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool(),
          Username: 'kim',
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      const kim = await users().findForSignIn(pool(), 'kim');
      assert.equal(kim?.user?.status, 'CONFIRMED');
      assert.ok(await gate.server.gatehouse.poolPasswords.verify(PASSWORD, kim?.user?.password_hash ?? null));
      await gate.admin.send(
        new AdminSetUserPasswordCommand({ UserPoolId: pool(), Username: 'kim', Password: 'Another-pass-1' }),
      );
      assert.equal((await users().get(pool(), 'kim', CLI_ACTOR)).status, 'FORCE_CHANGE_PASSWORD');
      await rejectsWith(
        gate.admin.send(
          new AdminSetUserPasswordCommand({ UserPoolId: pool(), Username: 'kim', Password: 'short' }),
        ),
        InvalidPasswordException,
      );
      await rejectsWith(
        gate.admin.send(
          new AdminSetUserPasswordCommand({ UserPoolId: pool(), Username: 'nobody', Password: PASSWORD }),
        ),
        UserNotFoundException,
      );
    });

    test('AdminUserGlobalSignOut ends every session of the user', async () => {
      const { gatehouse } = gate.server;
      const student = await users().get(pool(), 'student', CLI_ACTOR);
      const record = await gatehouse.userPools.lookup(pool());
      assert.ok(record);
      await gatehouse.poolSessions.start(record, student.sub, { ip: null, userAgent: null });
      assert.equal((await gatehouse.poolSessions.list(pool(), 'student', CLI_ACTOR)).length, 1);
      await gate.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: 'student' }));
      assert.equal((await gatehouse.poolSessions.list(pool(), 'student', CLI_ACTOR)).length, 0);
      await rejectsWith(
        gate.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: 'nobody' })),
        UserNotFoundException,
      );
    });

    test('AdminDeleteUser: the user is gone', async () => {
      await gate.admin.send(new AdminDeleteUserCommand({ UserPoolId: pool(), Username: 'student' }));
      await rejectsWith(
        gate.admin.send(new AdminGetUserCommand({ UserPoolId: pool(), Username: 'student' })),
        UserNotFoundException,
      );
      await rejectsWith(
        gate.admin.send(new AdminDeleteUserCommand({ UserPoolId: pool(), Username: 'student' })),
        UserNotFoundException,
      );
    });

    test("a team's key cannot reach another team's pool, nor one that does not exist", async () => {
      const c = gate.outsider;
      const UserPoolId = pool();
      const calls = [
        () => c.send(new AdminGetUserCommand({ UserPoolId, Username: 'kim' })),
        () =>
          c.send(new AdminCreateUserCommand({ UserPoolId, Username: 'intruder', MessageAction: 'SUPPRESS' })),
        () => c.send(new AdminDeleteUserCommand({ UserPoolId, Username: 'kim' })),
        () => c.send(new AdminDisableUserCommand({ UserPoolId, Username: 'kim' })),
        () =>
          c.send(
            new AdminSetUserPasswordCommand({
              UserPoolId,
              Username: 'kim',
              Password: PASSWORD,
              Permanent: true,
            }),
          ),
        () => c.send(new AdminConfirmSignUpCommand({ UserPoolId, Username: 'kim' })),
        () => c.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: 'kim' })),
      ];
      for (const call of calls) {
        await rejectsWith(call(), ResourceNotFoundException, `User pool ${UserPoolId} does not exist.`);
      }
      await rejectsWith(
        gate.admin.send(new AdminGetUserCommand({ UserPoolId: 'local_nothere000', Username: 'kim' })),
        ResourceNotFoundException,
        'User pool local_nothere000 does not exist.',
      );
      assert.equal((await users().get(UserPoolId, 'kim', CLI_ACTOR)).enabled, true, 'nothing changed');
    });

    test('bad input is InvalidParameterException, never a 5xx', async () => {
      const c = gate.admin;
      const UserPoolId = pool();
      const bad = [
        () => c.send(new AdminGetUserCommand({ UserPoolId: 'not a pool', Username: 'kim' })),
        () => c.send(new AdminGetUserCommand({ UserPoolId, Username: '' })),
        () => c.send(new AdminGetUserCommand({ UserPoolId, Username: 'has space' })),
        () => c.send(new AdminGetUserCommand({ UserPoolId, Username: 'x'.repeat(129) })),
        () =>
          c.send(
            new AdminCreateUserCommand({ UserPoolId, Username: 'ok', MessageAction: 'SHOUT' as 'SUPPRESS' }),
          ),
        () =>
          c.send(
            new AdminCreateUserCommand({
              UserPoolId,
              Username: 'ok',
              DesiredDeliveryMediums: ['PIGEON' as 'EMAIL'],
            }),
          ),
        () => c.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'kim', Password: '' })),
      ];
      for (const call of bad) await rejectsWith(call(), InvalidParameterException);
    });
  },
);

import * as assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { codeFrom, startMailCatcher } from '../../support/mail-catcher.js';
import { CognitoGate } from '../support/gate.js';

const PASSWORD = 'correct horse battery staple';
/** Gatehouse mails the confirmation code over SMTP, as it would to a real relay. */
const catcher = await startMailCatcher();
after(() => catcher.close());

function signIn(user: CognitoUser, password: string, newPassword?: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => {
        if (newPassword === undefined) reject(new Error('a new password was asked for'));
        else user.completeNewPasswordChallenge(newPassword, {}, { onSuccess: resolve, onFailure: reject });
      },
    });
  });
}

eachBackend(
  'amazon-cognito-identity-js signs up, confirms and signs in with SRP',
  (name) =>
    new CognitoGate(
      name,
      {},
      { GATEHOUSE_SMTP_URL: catcher.url, GATEHOUSE_MAIL_FROM: 'Shop <no-reply@shop.example>' },
    ),
  (gate) => {
    let pool: CognitoUserPool;
    const user = (username: string) => new CognitoUser({ Username: username, Pool: pool });

    test('sign-up, the mailed code, then authenticateUser over SRP, with the pool’s tokens', async () => {
      // The SDK stamps its claim with the real time; the server's clock must agree within minutes.
      gate.clock.set(Date.now());
      pool = new CognitoUserPool({
        UserPoolId: gate.poolId,
        ClientId: gate.spa.clientId,
        endpoint: `${gate.server.url}/`,
      });
      const email = new CognitoUserAttribute({ Name: 'email', Value: 'kim@example.com' });
      const signedUp = await new Promise<{ userSub: string; userConfirmed: boolean }>((resolve, reject) =>
        pool.signUp('kim', PASSWORD, [email], [], (err, result) =>
          err || !result ? reject(err ?? new Error('no result')) : resolve(result),
        ),
      );
      assert.equal(signedUp.userConfirmed, false);
      const code = codeFrom(await catcher.next({ to: 'kim@example.com' }));
      await new Promise((resolve, reject) =>
        user('kim').confirmRegistration(code, true, (err, result) => (err ? reject(err) : resolve(result))),
      );

      const session = await signIn(user('kim'), PASSWORD);
      assert.equal(session.isValid(), true);
      const access = await gate.verify(session.getAccessToken().getJwtToken());
      assert.equal(access.token_use, 'access');
      assert.equal(access.sub, signedUp.userSub);
      assert.equal(access.username, 'kim');
      assert.equal(access.client_id, gate.spa.clientId);
      const id = await gate.verify(session.getIdToken().getJwtToken());
      assert.equal(id.email, 'kim@example.com');
      assert.ok(session.getRefreshToken().getToken());
      // The name in any case reaches the same user; USER_ID_FOR_SRP is the stored one.
      assert.equal((await signIn(user('KIM'), PASSWORD)).getIdToken().payload.sub, signedUp.userSub);
    });

    test('a wrong password is refused as USER_PASSWORD_AUTH refuses it', async () => {
      gate.clock.set(Date.now());
      await assert.rejects(signIn(user('kim'), 'not the password at all'), (error: unknown) => {
        const e = error as { code?: string; message?: string };
        assert.equal(e.code, 'NotAuthorizedException');
        assert.equal(e.message, 'Incorrect username or password.');
        return true;
      });
      await assert.rejects(signIn(user('nobody-here'), PASSWORD), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'NotAuthorizedException');
        return true;
      });
    });

    test('a temporary password leads to NEW_PASSWORD_REQUIRED, and the new one works over SRP', async () => {
      gate.clock.set(Date.now());
      await gate.server.gatehouse.poolUsers.create(
        gate.poolId,
        { username: 'temp', password: 'a temporary password 1', temporaryPassword: true },
        CLI_ACTOR,
      );
      const session = await signIn(user('temp'), 'a temporary password 1', 'my very own password 2');
      assert.equal((await gate.verify(session.getAccessToken().getJwtToken())).username, 'temp');
      await assert.rejects(signIn(user('temp'), 'a temporary password 1'));
      assert.ok((await signIn(user('temp'), 'my very own password 2')).isValid());
    });

    test('no password reaches a log line', () => {
      const text = JSON.stringify(gate.logs);
      for (const secret of [PASSWORD, 'my very own password 2', 'a temporary password 1']) {
        assert.ok(!text.includes(secret));
      }
    });
  },
);

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate } from './support/gate.js';
import { refusedWith } from './support/refused.js';

const PASSWORD = 'a long enough passphrase';
const NEW_PASSWORD = 'another long passphrase';

eachBackend(
  'Cognito confirmation and password reset',
  (name) => new CognitoGate(name),
  (gate) => {
    test('SignUp, a wrong code, the right code, then sign-in', async () => {
      const ClientId = gate.backendClient.clientId;
      const SecretHash = gate.secretHash('sam');
      await gate.sdk.send(
        new SignUpCommand({
          ClientId,
          SecretHash,
          Username: 'sam',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }],
        }),
      );
      const code = await gate.mail.codeFor('sam@example.com');
      const wrong = code === '000000' ? '111111' : '000000';
      await assert.rejects(
        gate.sdk.send(
          new ConfirmSignUpCommand({ ClientId, SecretHash, Username: 'sam', ConfirmationCode: wrong }),
        ),
        refusedWith(CodeMismatchException, 'Invalid verification code provided, please try again.'),
      );
      const resent = await gate.sdk.send(
        new ResendConfirmationCodeCommand({ ClientId, SecretHash, Username: 'sam' }),
      );
      assert.equal(resent.CodeDeliveryDetails?.Destination, 's***@e***');
      await gate.sdk.send(
        new ConfirmSignUpCommand({ ClientId, SecretHash, Username: 'sam', ConfirmationCode: code }),
      );
      await assert.rejects(
        gate.sdk.send(
          new ConfirmSignUpCommand({ ClientId, SecretHash, Username: 'sam', ConfirmationCode: code }),
        ),
        refusedWith(NotAuthorizedException, 'User cannot be confirmed. Current status is CONFIRMED'),
      );
      await assert.rejects(
        gate.sdk.send(new ResendConfirmationCodeCommand({ ClientId, SecretHash, Username: 'sam' })),
        refusedWith(InvalidParameterException, 'User is already confirmed.'),
      );
      assert.ok((await gate.signIn('sam', PASSWORD)).AccessToken);
    });

    test('ForgotPassword mails a code; ConfirmForgotPassword sets the password and ends sign-ins', async () => {
      const before = await gate.signIn('sam', PASSWORD);
      const ClientId = gate.spa.clientId;
      const out = await gate.sdk.send(new ForgotPasswordCommand({ ClientId, Username: 'sam' }));
      assert.deepEqual(out.CodeDeliveryDetails, {
        Destination: 's***@e***',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      });
      const code = await gate.mail.codeFor('sam@example.com');
      const wrong = code === '000000' ? '111111' : '000000';
      await assert.rejects(
        gate.sdk.send(
          new ConfirmForgotPasswordCommand({
            ClientId,
            Username: 'sam',
            ConfirmationCode: wrong,
            Password: NEW_PASSWORD,
          }),
        ),
        refusedWith(CodeMismatchException),
      );
      await gate.sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId,
          Username: 'sam',
          ConfirmationCode: code,
          Password: NEW_PASSWORD,
        }),
      );
      await assert.rejects(gate.signIn('sam', PASSWORD), refusedWith(NotAuthorizedException));
      assert.ok((await gate.signIn('sam', NEW_PASSWORD)).AccessToken);
      await assert.rejects(
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId,
            AuthParameters: { REFRESH_TOKEN: before.RefreshToken },
          }),
        ),
        refusedWith(NotAuthorizedException),
      );
    });

    test('an expired code is ExpiredCodeException; a code tried too often is LimitExceededException', async () => {
      const ClientId = gate.spa.clientId;
      await gate.sdk.send(
        new SignUpCommand({
          ClientId,
          Username: 'eve',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'eve@example.com' }],
        }),
      );
      const code = await gate.mail.codeFor('eve@example.com');
      gate.clock.advance(25 * 3600_000);
      await assert.rejects(
        gate.sdk.send(new ConfirmSignUpCommand({ ClientId, Username: 'eve', ConfirmationCode: code })),
        refusedWith(ExpiredCodeException, 'Invalid code provided, please request a code again.'),
      );
      await gate.sdk.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'eve' }));
      const fresh = await gate.mail.codeFor('eve@example.com');
      const wrong = fresh === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        await assert.rejects(
          gate.sdk.send(new ConfirmSignUpCommand({ ClientId, Username: 'eve', ConfirmationCode: wrong })),
          refusedWith(CodeMismatchException),
        );
      }
      await assert.rejects(
        gate.sdk.send(new ConfirmSignUpCommand({ ClientId, Username: 'eve', ConfirmationCode: fresh })),
        refusedWith(LimitExceededException, 'Attempt limit exceeded, please try after some time.'),
      );
    });

    test('unknown users look like known ones where the pool hides users', async () => {
      const ClientId = gate.spa.clientId;
      const out = await gate.sdk.send(new ForgotPasswordCommand({ ClientId, Username: 'nobody' }));
      assert.equal(out.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
      await assert.rejects(
        gate.sdk.send(new ConfirmSignUpCommand({ ClientId, Username: 'nobody', ConfirmationCode: '123456' })),
        refusedWith(CodeMismatchException),
      );
    });
  },
);

eachBackend(
  'Cognito confirmation in a pool that tells unknown users apart',
  (name) => new CognitoGate(name, { preventUserExistenceErrors: false }),
  (gate) => {
    test('an unknown user is UserNotFoundException', async () => {
      const ClientId = gate.spa.clientId;
      await assert.rejects(
        gate.sdk.send(new ForgotPasswordCommand({ ClientId, Username: 'nobody' })),
        refusedWith(UserNotFoundException, 'Username/client id combination not found.'),
      );
      await assert.rejects(
        gate.sdk.send(new ConfirmSignUpCommand({ ClientId, Username: 'nobody', ConfirmationCode: '123456' })),
        refusedWith(UserNotFoundException),
      );
    });
  },
);

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  ResourceNotFoundException,
  SignUpCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate } from './support/gate.js';

const PASSWORD = 'correct horse battery staple';

eachBackend(
  'Cognito SignUp',
  (name) => new CognitoGate(name),
  (gate) => {
    test('signs a person up UNCONFIRMED and mails the code where the answer says', async () => {
      const out = await gate.sdk.send(
        new SignUpCommand({
          ClientId: gate.spa.clientId,
          Username: 'kim',
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: 'kim@example.com' },
            { Name: 'given_name', Value: 'Kim' },
          ],
        }),
      );
      assert.equal(out.UserConfirmed, false);
      assert.match(out.UserSub ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(out.CodeDeliveryDetails, {
        Destination: 'k***@e***',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      });
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.ok(out.$metadata.requestId);
      assert.match(await gate.mail.codeFor('kim@example.com'), /^\d{6}$/);
      const user = await gate.server.gatehouse.poolUsers.get(gate.poolId, 'kim', CLI_ACTOR);
      assert.equal(user.status, 'UNCONFIRMED');
      assert.equal(user.attributes.given_name, 'Kim');
    });

    test('a taken username is UsernameExistsException', async () => {
      await assert.rejects(
        gate.sdk.send(
          new SignUpCommand({ ClientId: gate.spa.clientId, Username: 'KIM', Password: PASSWORD }),
        ),
        (error: unknown) =>
          error instanceof UsernameExistsException && error.message === 'User already exists',
      );
    });

    test('a weak password is InvalidPasswordException', async () => {
      await assert.rejects(
        gate.sdk.send(new SignUpCommand({ ClientId: gate.spa.clientId, Username: 'lee', Password: 'short' })),
        (error: unknown) =>
          error instanceof InvalidPasswordException &&
          error.message.startsWith('Password did not conform with policy'),
      );
    });

    test('an unknown client is ResourceNotFoundException', async () => {
      await assert.rejects(
        gate.sdk.send(
          new SignUpCommand({ ClientId: 'nosuchclient1234', Username: 'lee', Password: PASSWORD }),
        ),
        (error: unknown) =>
          error instanceof ResourceNotFoundException &&
          error.message === 'User pool client nosuchclient1234 does not exist.',
      );
    });

    test('a client with a secret needs SECRET_HASH, and checks it', async () => {
      const { clientId } = gate.backendClient;
      await assert.rejects(
        gate.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'lee', Password: PASSWORD })),
        (error: unknown) =>
          error instanceof NotAuthorizedException &&
          error.message === `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
      );
      await assert.rejects(
        gate.sdk.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: 'lee',
            Password: PASSWORD,
            SecretHash: gate.secretHash('someone-else'),
          }),
        ),
        (error: unknown) =>
          error instanceof NotAuthorizedException &&
          error.message === `Unable to verify secret hash for client ${clientId}`,
      );
      const out = await gate.sdk.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'lee',
          Password: PASSWORD,
          SecretHash: gate.secretHash('lee'),
        }),
      );
      assert.equal(out.UserConfirmed, false);
    });

    test('a missing member is InvalidParameterException worded as Cognito words it', async () => {
      await assert.rejects(
        gate.sdk.send(new SignUpCommand({ ClientId: gate.spa.clientId, Username: 'ash' } as never)),
        (error: unknown) =>
          error instanceof InvalidParameterException &&
          error.message ===
            "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
      );
    });
  },
);

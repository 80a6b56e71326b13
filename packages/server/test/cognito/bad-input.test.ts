import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate, target } from './support/gate.js';

/** Every public operation, with a member that must be a string. */
const OPERATIONS: Record<string, string> = {
  SignUp: 'Username',
  ConfirmSignUp: 'ConfirmationCode',
  ResendConfirmationCode: 'Username',
  InitiateAuth: 'ClientId',
  RespondToAuthChallenge: 'ChallengeName',
  ForgotPassword: 'Username',
  ConfirmForgotPassword: 'Password',
  GetUser: 'AccessToken',
  UpdateUserAttributes: 'AccessToken',
  ChangePassword: 'ProposedPassword',
  GlobalSignOut: 'AccessToken',
  RevokeToken: 'Token',
};

eachBackend(
  'Cognito operations refuse bad input with a 4xx in Cognito’s shape',
  (name) => new CognitoGate(name),
  (gate) => {
    for (const [operation, member] of Object.entries(OPERATIONS)) {
      test(`${operation}: missing members, wrong types, a huge body`, async () => {
        const missing = await gate.post('{}', target(operation));
        assert.equal(missing.status, 400, missing.text);
        assert.equal(missing.json?.__type, 'InvalidParameterException');
        assert.match(String(missing.json?.message), /validation errors? detected: Value null at '/);

        const wrongType = await gate.post(JSON.stringify({ [member]: { nested: true } }), target(operation));
        assert.equal(wrongType.status, 400, wrongType.text);
        assert.equal(wrongType.json?.__type, 'SerializationException');

        const list = await gate.post(JSON.stringify({ [member]: ['x'] }), target(operation));
        assert.equal(list.json?.__type, 'SerializationException');

        const huge = await gate.post(JSON.stringify({ [member]: 'x'.repeat(300_000) }), target(operation));
        assert.equal(huge.status, 413);
        assert.equal(huge.json?.__type, 'RequestEntityTooLargeException');

        const long = await gate.post(JSON.stringify({ [member]: 'x'.repeat(100_000) }), target(operation));
        assert.ok(long.status >= 400 && long.status < 500, long.text);
        assert.equal(long.headers.get('x-amzn-errortype'), long.json?.__type);
      });
    }

    test('signed operations are refused without a valid signature, never run', async () => {
      const response = await gate.post(
        JSON.stringify({ UserPoolId: gate.poolId, Username: 'x' }),
        target('AdminConfirmSignUp'),
      );
      assert.ok(response.status >= 400 && response.status < 500, response.text);
      assert.ok(
        [
          'UnrecognizedClientException',
          'UnknownOperationException',
          'MissingAuthenticationTokenException',
        ].includes(String(response.json?.__type)),
        response.text,
      );
    });
  },
);

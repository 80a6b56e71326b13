import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AliasExistsException,
  ChangePasswordCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  RevokeTokenCommand,
  UnsupportedTokenTypeException,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate } from './support/gate.js';
import { refusedWith } from './support/refused.js';

const PASSWORD = 'a long enough passphrase';

eachBackend(
  'Cognito access-token operations',
  (name) => new CognitoGate(name),
  (gate) => {
    const refresh = (REFRESH_TOKEN: string) =>
      gate.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: gate.spa.clientId,
          AuthParameters: { REFRESH_TOKEN },
        }),
      );

    test('GetUser answers the username and attributes, sub first', async () => {
      const alice = await gate.user('alice', PASSWORD, { attributes: { given_name: 'Alice' } });
      await gate.user('bob', PASSWORD);
      const { AccessToken } = await gate.signIn('alice', PASSWORD);
      const out = await gate.sdk.send(new GetUserCommand({ AccessToken }));
      assert.equal(out.Username, 'alice');
      assert.deepEqual(out.UserAttributes, [
        { Name: 'sub', Value: alice.sub },
        { Name: 'email', Value: 'alice@example.com' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'given_name', Value: 'Alice' },
      ]);
    });

    test('a token that is not a pool access token is Invalid Access Token', async () => {
      for (const AccessToken of ['nonsense', 'a.b.c', (await gate.signIn('alice', PASSWORD)).IdToken]) {
        await assert.rejects(
          gate.sdk.send(new GetUserCommand({ AccessToken })),
          refusedWith(NotAuthorizedException, 'Invalid Access Token'),
        );
      }
    });

    test('UpdateUserAttributes changes attributes; a new email is unverified', async () => {
      const { AccessToken } = await gate.signIn('alice', PASSWORD);
      const out = await gate.sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [
            { Name: 'family_name', Value: 'Liddell' },
            { Name: 'given_name', Value: '' },
            { Name: 'email', Value: 'alice@example.org' },
          ],
        }),
      );
      assert.deepEqual(out.CodeDeliveryDetailsList, []);
      const user = await gate.sdk.send(new GetUserCommand({ AccessToken }));
      const attrs = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      assert.equal(attrs.family_name, 'Liddell');
      assert.equal(attrs.given_name, undefined);
      assert.equal(attrs.email, 'alice@example.org');
      assert.equal(attrs.email_verified, 'false');
      await assert.rejects(
        gate.sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken,
            UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
          }),
        ),
        refusedWith(InvalidParameterException, 'Cannot modify the non-mutable attribute email_verified'),
      );
      await assert.rejects(
        gate.sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken,
            UserAttributes: [{ Name: 'shoe_size', Value: '9' }],
          }),
        ),
        refusedWith(InvalidParameterException),
      );
    });

    test('ChangePassword checks the old password and ends the sign-ins made with it', async () => {
      const first = await gate.signIn('bob', PASSWORD);
      await assert.rejects(
        gate.sdk.send(
          new ChangePasswordCommand({
            AccessToken: first.AccessToken,
            PreviousPassword: 'not the password',
            ProposedPassword: 'a brand new passphrase',
          }),
        ),
        refusedWith(NotAuthorizedException, 'Incorrect username or password.'),
      );
      await assert.rejects(
        gate.sdk.send(
          new ChangePasswordCommand({
            AccessToken: first.AccessToken,
            PreviousPassword: PASSWORD,
            ProposedPassword: 'short',
          }),
        ),
        refusedWith(InvalidPasswordException),
      );
      await gate.sdk.send(
        new ChangePasswordCommand({
          AccessToken: first.AccessToken,
          PreviousPassword: PASSWORD,
          ProposedPassword: 'a brand new passphrase',
        }),
      );
      await assert.rejects(
        gate.sdk.send(new GetUserCommand({ AccessToken: first.AccessToken })),
        refusedWith(NotAuthorizedException, 'Access Token has been revoked'),
      );
      await assert.rejects(
        refresh(first.RefreshToken),
        refusedWith(NotAuthorizedException, 'Invalid Refresh Token'),
      );
      assert.ok((await gate.signIn('bob', 'a brand new passphrase')).AccessToken);
    });

    test('GlobalSignOut ends every sign-in: tokens no longer call the API or refresh', async () => {
      const one = await gate.signIn('alice', PASSWORD);
      const two = await gate.signIn('alice', PASSWORD);
      await gate.sdk.send(new GlobalSignOutCommand({ AccessToken: one.AccessToken }));
      for (const tokens of [one, two]) {
        await assert.rejects(
          gate.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken })),
          refusedWith(NotAuthorizedException, 'Access Token has been revoked'),
        );
        await assert.rejects(refresh(tokens.RefreshToken), refusedWith(NotAuthorizedException));
      }
      assert.ok((await gate.signIn('alice', PASSWORD)).AccessToken);
    });

    test('RevokeToken ends one sign-in and leaves the others', async () => {
      const one = await gate.signIn('alice', PASSWORD);
      const two = await gate.signIn('alice', PASSWORD);
      await gate.sdk.send(new RevokeTokenCommand({ ClientId: gate.spa.clientId, Token: one.RefreshToken }));
      await assert.rejects(refresh(one.RefreshToken), refusedWith(NotAuthorizedException));
      await assert.rejects(
        gate.sdk.send(new GetUserCommand({ AccessToken: one.AccessToken })),
        refusedWith(NotAuthorizedException, 'Access Token has been revoked'),
      );
      assert.equal(
        (await gate.sdk.send(new GetUserCommand({ AccessToken: two.AccessToken }))).Username,
        'alice',
      );
      // Unknown tokens are answered as revoked; access tokens are not refresh tokens.
      await gate.sdk.send(new RevokeTokenCommand({ ClientId: gate.spa.clientId, Token: 'no-such-token' }));
      await assert.rejects(
        gate.sdk.send(new RevokeTokenCommand({ ClientId: gate.spa.clientId, Token: two.AccessToken })),
        refusedWith(UnsupportedTokenTypeException),
      );
      // A client with a secret must send it.
      await assert.rejects(
        gate.sdk.send(
          new RevokeTokenCommand({ ClientId: gate.backendClient.clientId, Token: two.RefreshToken }),
        ),
        refusedWith(NotAuthorizedException),
      );
    });

    test('a taken email is AliasExistsException where people sign in with their email', async () => {
      await gate.server.gatehouse.userPools.update(gate.poolId, { signInWith: 'email' }, CLI_ACTOR);
      await gate.server.runtime.poll();
      const { AccessToken } = await gate.signIn('bob', 'a brand new passphrase');
      await assert.rejects(
        gate.sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken,
            UserAttributes: [{ Name: 'email', Value: 'alice@example.org' }],
          }),
        ),
        refusedWith(AliasExistsException),
      );
    });
  },
);

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandInput,
  AdminRespondToAuthChallengeCommand,
  AdminUserGlobalSignOutCommand,
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CreatedAppClient } from '@gatehouse/schemas';
import { createHmac } from 'node:crypto';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { CALLBACK } from '../support/gate.js';
import { refusedWith } from '../support/refused.js';
import { AdminGate } from './admin-gate.js';

const PASSWORD = 'correct horse battery staple';
const TEMPORARY = 'Temporary-pass-1';

eachBackend(
  'Cognito AdminInitiateAuth and AdminRespondToAuthChallenge',
  (name) => new AdminGate(name),
  (gate) => {
    let backend: CreatedAppClient & { clientSecret: string };
    let userFlowsOnly: CreatedAppClient;
    let openPool = '';
    const pool = () => gate.ordersPool;

    const client = async (poolId: string, name: string, flows: string[], isPublic = false) => {
      const created = await gate.server.gatehouse.appClients.create(
        poolId,
        {
          name,
          public: isPublic,
          redirectUris: [CALLBACK],
          settings: { explicitAuthFlows: flows as ['ADMIN_USER_PASSWORD_AUTH'] },
        },
        CLI_ACTOR,
      );
      if (created.clientSecret) gate.secrets.push(created.clientSecret);
      await gate.server.runtime.poll();
      return created;
    };
    const secretHash = (username: string) =>
      createHmac('sha256', backend.clientSecret)
        .update(username + backend.clientId)
        .digest('base64');
    const signIn = (username: string, password: string, extra: Partial<AdminInitiateAuthCommandInput> = {}) =>
      gate.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: pool(),
          ClientId: backend.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(username) },
          ...extra,
        }),
      );

    test('set-up: app clients and users', async () => {
      backend = (await client(pool(), 'backend', [
        'ADMIN_USER_PASSWORD_AUTH',
        'REFRESH_TOKEN_AUTH',
      ])) as typeof backend;
      userFlowsOnly = await client(pool(), 'spa', ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'], true);
      const { poolUsers, userPools } = gate.server.gatehouse;
      await poolUsers.create(
        pool(),
        { username: 'kim', password: PASSWORD, email: 'kim@example.com' },
        CLI_ACTOR,
      );
      await poolUsers.signUp(pool(), { username: 'pending', password: PASSWORD }, CLI_ACTOR);
      openPool = (
        await userPools.create(
          {
            name: 'open',
            team: 'orders',
            preventUserExistenceErrors: false,
            passwordPolicy: { minLength: 8 },
          },
          CLI_ACTOR,
        )
      ).id;
    });

    test("ADMIN_USER_PASSWORD_AUTH: the pool tokens, in Cognito's AuthenticationResult", async () => {
      const out = await signIn('kim', PASSWORD);
      const result = out.AuthenticationResult;
      assert.ok(result?.AccessToken && result.IdToken && result.RefreshToken);
      assert.equal(result.TokenType, 'Bearer');
      assert.equal(result.ExpiresIn, 3600);
      const issuer = `${gate.server.issuer}/pools/${pool()}`;
      const access = JSON.parse(
        Buffer.from(result.AccessToken.split('.')[1] ?? '', 'base64url').toString(),
      ) as Record<string, unknown>;
      assert.equal(access.iss, issuer);
      assert.equal(access.token_use, 'access');
      assert.equal(access.client_id, backend.clientId);
      assert.equal(access.username, 'kim');
      // The person's address from ContextData, when it is one; anything else is not held against the call.
      for (const IpAddress of ['198.51.100.7', '2001:db8::7', 'not an address']) {
        const behalf = await signIn('kim', PASSWORD, {
          ContextData: { IpAddress, ServerName: 'shop', ServerPath: '/login', HttpHeaders: [] },
        });
        assert.ok(behalf.AuthenticationResult?.AccessToken, IpAddress);
      }
      // The legacy name of the flow still works.
      const legacy = await signIn('kim', PASSWORD, { AuthFlow: 'ADMIN_NO_SRP_AUTH' });
      assert.ok(legacy.AuthenticationResult?.AccessToken);
    });

    test('REFRESH_TOKEN_AUTH through the admin operation; AdminUserGlobalSignOut ends it', async () => {
      const first = await signIn('kim', PASSWORD);
      const refreshToken = first.AuthenticationResult?.RefreshToken ?? '';
      const refresh = (token: string) =>
        gate.admin.send(
          new AdminInitiateAuthCommand({
            UserPoolId: pool(),
            ClientId: backend.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: token, SECRET_HASH: secretHash('kim') },
          }),
        );
      const refreshed = await refresh(refreshToken);
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
      const next = refreshed.AuthenticationResult?.RefreshToken ?? refreshToken;
      await gate.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: 'kim' }));
      await assert.rejects(refresh(next), refusedWith(NotAuthorizedException));
    });

    test('a temporary password: NEW_PASSWORD_REQUIRED, answered with AdminRespondToAuthChallenge', async () => {
      await gate.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool(),
          Username: 'new-hire',
          TemporaryPassword: TEMPORARY,
          MessageAction: 'SUPPRESS',
        }),
      );
      const challenge = await signIn('new-hire', TEMPORARY);
      assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      assert.ok(challenge.Session);
      assert.equal(challenge.AuthenticationResult, undefined);
      const answer = await gate.admin.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: pool(),
          ClientId: backend.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: {
            USERNAME: 'new-hire',
            NEW_PASSWORD: PASSWORD,
            SECRET_HASH: secretHash('new-hire'),
          },
        }),
      );
      assert.ok(answer.AuthenticationResult?.AccessToken);
      assert.equal(
        (await gate.server.gatehouse.poolUsers.get(pool(), 'new-hire', CLI_ACTOR)).status,
        'CONFIRMED',
      );
      assert.ok((await signIn('new-hire', PASSWORD)).AuthenticationResult);
    });

    test("refusals in Cognito's words", async () => {
      await assert.rejects(
        signIn('kim', 'wrong password'),
        refusedWith(NotAuthorizedException, 'Incorrect username or password.'),
      );
      // The pool prevents user-existence errors: an unknown user looks like a wrong password.
      await assert.rejects(
        signIn('nobody', PASSWORD),
        refusedWith(NotAuthorizedException, 'Incorrect username or password.'),
      );
      await assert.rejects(signIn('pending', PASSWORD), refusedWith(UserNotConfirmedException));
      await assert.rejects(
        signIn('kim', PASSWORD, { AuthParameters: { USERNAME: 'kim', PASSWORD } }),
        refusedWith(
          NotAuthorizedException,
          `Client ${backend.clientId} is configured with secret but SECRET_HASH was not received`,
        ),
      );
      await assert.rejects(
        signIn('kim', PASSWORD, { AuthParameters: { USERNAME: 'kim', SECRET_HASH: secretHash('kim') } }),
        refusedWith(InvalidParameterException, 'Missing required parameter PASSWORD'),
      );
      await assert.rejects(
        signIn('kim', PASSWORD, { ClientId: userFlowsOnly.clientId }),
        refusedWith(InvalidParameterException, 'Auth flow not enabled for this client'),
      );
      await assert.rejects(
        signIn('kim', PASSWORD, { AuthFlow: 'USER_SRP_AUTH' }),
        refusedWith(InvalidParameterException),
      );
      await assert.rejects(
        signIn('kim', PASSWORD, { AuthFlow: 'BOGUS' as 'USER_SRP_AUTH' }),
        refusedWith(InvalidParameterException),
      );
      await gate.server.gatehouse.poolUsers.disable(pool(), 'kim', CLI_ACTOR);
      await assert.rejects(signIn('kim', PASSWORD), refusedWith(NotAuthorizedException));
      await gate.server.gatehouse.poolUsers.enable(pool(), 'kim', CLI_ACTOR);
    });

    test('a pool that tells unknown users apart says UserNotFoundException', async () => {
      const open = await client(openPool, 'open backend', ['ADMIN_USER_PASSWORD_AUTH'], true);
      await assert.rejects(
        gate.admin.send(
          new AdminInitiateAuthCommand({
            UserPoolId: openPool,
            ClientId: open.clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'nobody', PASSWORD },
          }),
        ),
        refusedWith(UserNotFoundException, 'User does not exist.'),
      );
    });

    test("another pool's client, and another team's key, find nothing", async () => {
      await assert.rejects(
        signIn('kim', PASSWORD, { UserPoolId: openPool }),
        refusedWith(ResourceNotFoundException, `User pool client ${backend.clientId} does not exist.`),
      );
      await assert.rejects(
        gate.outsider.send(
          new AdminInitiateAuthCommand({
            UserPoolId: pool(),
            ClientId: backend.clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'kim', PASSWORD, SECRET_HASH: secretHash('kim') },
          }),
        ),
        refusedWith(ResourceNotFoundException, `User pool ${pool()} does not exist.`),
      );
    });
  },
);

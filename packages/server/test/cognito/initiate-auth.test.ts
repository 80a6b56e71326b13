import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { selfServiceActor } from '../../src/services/pools/self-service-actor.js';
import { eachBackend } from '../support/each-backend.js';
import { CALLBACK, CognitoGate } from './support/gate.js';
import { refusedWith } from './support/refused.js';

const PASSWORD = 'a long enough passphrase';

eachBackend(
  'Cognito InitiateAuth and RespondToAuthChallenge',
  (name) => new CognitoGate(name),
  (gate) => {
    test('USER_PASSWORD_AUTH signs in with Cognito-shaped tokens from the pool', async () => {
      const alice = await gate.user('alice', PASSWORD, { attributes: { given_name: 'Alice' } });
      const result = await gate.signIn('alice', PASSWORD);
      assert.equal(result.TokenType, 'Bearer');
      assert.equal(result.ExpiresIn, 3600);
      assert.ok(result.RefreshToken);
      const access = await gate.verify(result.AccessToken);
      assert.equal(access.token_use, 'access');
      assert.equal(access.scope, 'aws.cognito.signin.user.admin');
      assert.equal(access.client_id, gate.spa.clientId);
      assert.equal(access.username, 'alice');
      assert.equal(access.sub, alice.sub);
      assert.equal(access.version, 2);
      assert.equal(access.aud, undefined);
      assert.match(String(access.origin_jti), /^[0-9a-f-]{36}$/);
      assert.match(String(access.event_id), /^[0-9a-f-]{36}$/);
      assert.equal(typeof access.auth_time, 'number');
      const id = await gate.verify(result.IdToken);
      assert.equal(id.token_use, 'id');
      assert.equal(id.aud, gate.spa.clientId);
      assert.equal(id.email, 'alice@example.com');
      assert.equal(id.given_name, 'Alice');
      assert.equal(id['cognito:username'], 'alice');
    });

    test('REFRESH_TOKEN_AUTH and REFRESH_TOKEN give new tokens of the same sign-in', async () => {
      const first = await gate.signIn('alice', PASSWORD);
      const origin = (await gate.verify(first.AccessToken)).origin_jti;
      const out = await gate.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: gate.spa.clientId,
          AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
        }),
      );
      const refreshed = out.AuthenticationResult;
      assert.ok(refreshed?.AccessToken && refreshed.IdToken && refreshed.RefreshToken);
      assert.equal((await gate.verify(refreshed.AccessToken)).origin_jti, origin);
      const again = await gate.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN',
          ClientId: gate.spa.clientId,
          AuthParameters: { REFRESH_TOKEN: refreshed.RefreshToken },
        }),
      );
      assert.ok(again.AuthenticationResult?.AccessToken);
      // The first token was rotated away: presenting it again is reuse, and ends the family.
      await assert.rejects(
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId: gate.spa.clientId,
            AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
          }),
        ),
        refusedWith(NotAuthorizedException, 'Invalid Refresh Token'),
      );
    });

    test('wrong passwords and unknown users get one answer where the pool hides users', async () => {
      const attempt = (USERNAME: string, PASSWORD_: string) =>
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: gate.spa.clientId,
            AuthParameters: { USERNAME, PASSWORD: PASSWORD_ },
          }),
        );
      await assert.rejects(
        attempt('alice', 'wrong password!'),
        refusedWith(NotAuthorizedException, 'Incorrect username or password.'),
      );
      await assert.rejects(
        attempt('nobody', PASSWORD),
        refusedWith(NotAuthorizedException, 'Incorrect username or password.'),
      );
    });

    test('an unconfirmed user is UserNotConfirmedException', async () => {
      await gate.server.gatehouse.poolSelfService.signUp(
        gate.poolId,
        { username: 'una', password: PASSWORD, email: 'una@example.com' },
        selfServiceActor({ ip: null, userAgent: null }),
      );
      await assert.rejects(
        gate.signIn('una', PASSWORD),
        refusedWith(UserNotConfirmedException, 'User is not confirmed.'),
      );
    });

    test('a flow the client does not allow is refused as Cognito refuses it', async () => {
      const plain = await gate.appClient({ name: 'plain', public: true, redirectUris: [CALLBACK] });
      await assert.rejects(
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: plain.clientId,
            AuthParameters: { USERNAME: 'alice', PASSWORD },
          }),
        ),
        refusedWith(InvalidParameterException, 'USER_PASSWORD_AUTH flow not enabled for this client'),
      );
      await assert.rejects(
        gate.sdk.send(
          new InitiateAuthCommand({ AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', ClientId: gate.spa.clientId }),
        ),
        refusedWith(InvalidParameterException, 'Initiate Auth method not supported.'),
      );
      await assert.rejects(
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: gate.spa.clientId,
            AuthParameters: { PASSWORD },
          }),
        ),
        refusedWith(InvalidParameterException, 'Missing required parameter USERNAME'),
      );
      await assert.rejects(
        gate.sdk.send(new InitiateAuthCommand({ AuthFlow: 'MAGIC' as never, ClientId: gate.spa.clientId })),
        refusedWith(InvalidParameterException),
      );
    });

    test('a client with a secret needs SECRET_HASH to sign in and to refresh', async () => {
      const { clientId } = gate.backendClient;
      const signIn = (extra: Record<string, string>) =>
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: clientId,
            AuthParameters: { USERNAME: 'alice', PASSWORD, ...extra },
          }),
        );
      await assert.rejects(
        signIn({}),
        refusedWith(
          NotAuthorizedException,
          `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
        ),
      );
      await assert.rejects(
        signIn({ SECRET_HASH: gate.secretHash('bob') }),
        refusedWith(NotAuthorizedException, `Unable to verify secret hash for client ${clientId}`),
      );
      const out = await signIn({ SECRET_HASH: gate.secretHash('alice') });
      const refreshToken = out.AuthenticationResult?.RefreshToken ?? '';
      const refresh = (extra: Record<string, string>) =>
        gate.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId: clientId,
            AuthParameters: { REFRESH_TOKEN: refreshToken, ...extra },
          }),
        );
      await assert.rejects(refresh({}), refusedWith(NotAuthorizedException));
      const sub = String((await gate.verify(out.AuthenticationResult?.AccessToken ?? '')).sub);
      const refreshed = await refresh({ SECRET_HASH: gate.secretHash(sub) });
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
    });

    test('a temporary password asks for a new one, then signs in', async () => {
      await gate.user('tom', 'temporary-pass-1', { temporaryPassword: true });
      const challenge = await gate.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: gate.spa.clientId,
          AuthParameters: { USERNAME: 'tom', PASSWORD: 'temporary-pass-1' },
        }),
      );
      assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      assert.equal(challenge.ChallengeParameters?.USER_ID_FOR_SRP, 'tom');
      assert.equal(
        JSON.parse(challenge.ChallengeParameters?.userAttributes ?? '{}').email,
        'tom@example.com',
      );
      assert.ok(challenge.Session);
      const respond = (Session: string, NEW_PASSWORD: string) =>
        gate.sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: gate.spa.clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session,
            ChallengeResponses: { USERNAME: 'tom', NEW_PASSWORD },
          }),
        );
      await assert.rejects(
        respond(`${challenge.Session}x`, 'my own new passphrase'),
        refusedWith(NotAuthorizedException, 'Invalid session for the user, session is expired.'),
      );
      const done = await respond(challenge.Session, 'my own new passphrase');
      assert.ok(done.AuthenticationResult?.AccessToken);
      assert.ok(done.AuthenticationResult.RefreshToken);
      // The session worked once: the password is no longer temporary.
      await assert.rejects(
        respond(challenge.Session, 'another passphrase!'),
        refusedWith(NotAuthorizedException),
      );
      const user = await gate.signIn('tom', 'my own new passphrase');
      assert.ok(user.AccessToken);
    });
  },
);

eachBackend(
  'Cognito InitiateAuth in a pool that tells unknown users apart',
  (name) => new CognitoGate(name, { preventUserExistenceErrors: false }),
  (gate) => {
    test('an unknown user is UserNotFoundException', async () => {
      await assert.rejects(
        gate.signIn('nobody', PASSWORD),
        refusedWith(UserNotFoundException, 'User does not exist.'),
      );
    });
  },
);

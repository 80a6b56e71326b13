import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { GlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend } from '../support/each-backend.js';
import { postForm } from '../support/server.js';
import { CognitoGate } from './support/gate.js';

const PASSWORD = 'a long enough passphrase';

eachBackend(
  'Cognito sign-ins share refresh families with the OAuth side',
  (name) => new CognitoGate(name),
  (gate) => {
    const refreshAtTokenEndpoint = (refreshToken: string) =>
      postForm(`${gate.issuer}/oauth2/token`, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: gate.spa.clientId,
      });

    test("a refresh token from InitiateAuth works at the pool's token endpoint, in Cognito's shape", async () => {
      await gate.user('ivy', PASSWORD);
      const signedIn = await gate.signIn('ivy', PASSWORD);
      const response = await refreshAtTokenEndpoint(signedIn.RefreshToken);
      assert.equal(response.status, 200, response.text);
      const access = await gate.verify(String(response.body?.access_token));
      assert.equal(access.scope, 'aws.cognito.signin.user.admin');
      assert.equal(access.origin_jti, (await gate.verify(signedIn.AccessToken)).origin_jti);
    });

    test('GlobalSignOut ends those refresh tokens at the token endpoint too', async () => {
      const signedIn = await gate.signIn('ivy', PASSWORD);
      await gate.sdk.send(new GlobalSignOutCommand({ AccessToken: signedIn.AccessToken }));
      const response = await refreshAtTokenEndpoint(signedIn.RefreshToken);
      assert.equal(response.status, 400, response.text);
      assert.equal(response.body?.error, 'invalid_grant');
    });
  },
);

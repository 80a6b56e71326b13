import * as assert from 'node:assert/strict';
import { CLI_ACTOR } from '@gatehouse/server';
import type { TestGatehouse } from './gatehouse.js';

const PASSWORD = 'a long enough passphrase';

/** A person signed in to a real Gatehouse pool through Cognito's user-pool API (InitiateAuth). */
export interface SignedIn {
  poolIssuer: string;
  appClientId: string;
  sub: string;
  username: string;
  email: string;
  idToken: string;
  accessToken: string;
}

/**
 * Makes a pool with a public app client and one confirmed user, and signs the user in with
 * USER_PASSWORD_AUTH on Cognito's JSON wire, as amazon-cognito-identity-js would.
 */
export async function signInToPool(gate: TestGatehouse, username = 'kim'): Promise<SignedIn> {
  const g = gate.services;
  const pool = await g.userPools.create({ name: 'Shop' }, CLI_ACTOR);
  const client = await g.appClients.create(
    pool.id,
    {
      name: 'spa',
      public: true,
      redirectUris: ['http://localhost:3000/callback'],
      settings: { explicitAuthFlows: ['USER_PASSWORD_AUTH'] },
    },
    CLI_ACTOR,
  );
  const email = `${username}@example.com`;
  const user = await g.poolUsers.create(
    pool.id,
    { username, email, emailVerified: true, password: PASSWORD },
    CLI_ACTOR,
  );
  await gate.server.runtime.poll();
  const response = await fetch(`${gate.server.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      ClientId: client.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  });
  const answer = (await response.json()) as {
    AuthenticationResult?: { AccessToken: string; IdToken: string };
  };
  assert.equal(response.status, 200, JSON.stringify(answer));
  assert.ok(answer.AuthenticationResult);
  return {
    poolIssuer: pool.issuer,
    appClientId: client.clientId,
    sub: user.sub,
    username,
    email,
    idToken: answer.AuthenticationResult.IdToken,
    accessToken: answer.AuthenticationResult.AccessToken,
  };
}

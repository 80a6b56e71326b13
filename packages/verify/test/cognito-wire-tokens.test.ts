// Tokens from Cognito's user-pool API (InitiateAuth on POST /) verify with @gatehouse/verify,
// pointed at the pool's issuer: the access token (no `aud`, Cognito's shape) with an
// access-token verifier that allows the app client, the ID token with the app client as `aud`.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CLI_ACTOR } from '@gatehouse/server';
import { createVerifier } from '../src/index.js';
import { rejectsWithCode } from './support/assert.js';
import { TestGatehouse } from './support/gatehouse.js';

const PASSWORD = 'a long enough passphrase';

interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
}

describe('@gatehouse/verify and tokens from Cognito’s user-pool API', () => {
  let gate: TestGatehouse;
  let poolIssuer: string;
  let clientId: string;
  let sub: string;
  const verifiers: { close(): void }[] = [];
  const keep = <V extends { close(): void }>(v: V): V => {
    verifiers.push(v);
    return v;
  };
  const initiateAuth = async (body: Record<string, unknown>): Promise<AuthenticationResult> => {
    const response = await fetch(`${gate.server.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({ ClientId: clientId, ...body }),
    });
    const answer = (await response.json()) as { AuthenticationResult?: AuthenticationResult };
    assert.equal(response.status, 200, JSON.stringify(answer));
    assert.ok(answer.AuthenticationResult);
    return answer.AuthenticationResult;
  };
  const signIn = () =>
    initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } });

  before(async () => {
    gate = await TestGatehouse.start();
    const g = gate.services;
    const pool = await g.userPools.create({ name: 'Shop' }, CLI_ACTOR);
    poolIssuer = pool.issuer;
    const client = await g.appClients.create(
      pool.id,
      {
        name: 'spa',
        public: true,
        redirectUris: ['http://localhost:3000/callback'],
        settings: { explicitAuthFlows: ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'] },
      },
      CLI_ACTOR,
    );
    clientId = client.clientId;
    const user = await g.poolUsers.create(
      pool.id,
      { username: 'kim', email: 'kim@example.com', emailVerified: true, password: PASSWORD },
      CLI_ACTOR,
    );
    sub = user.sub;
    await gate.server.runtime.poll();
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await gate?.stop();
  });

  test('the access token of a password sign-in and of a refresh', async () => {
    const verifier = keep(
      createVerifier({ issuer: poolIssuer, tokenUse: 'access', audience: null, clientId: [clientId] }),
    );
    const first = await signIn();
    const claims = await verifier.verify(first.AccessToken);
    assert.equal(claims.sub, sub);
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.scope, 'aws.cognito.signin.user.admin');
    assert.ok(first.RefreshToken);
    const refreshed = await initiateAuth({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: first.RefreshToken },
    });
    assert.equal((await verifier.verify(refreshed.AccessToken)).sub, sub);
  });

  test('the ID token, for the app client', async () => {
    const verifier = keep(createVerifier({ issuer: poolIssuer, tokenUse: 'id', clientId }));
    const { IdToken, AccessToken } = await signIn();
    const claims = await verifier.verify(IdToken);
    assert.equal(claims.sub, sub);
    assert.equal(claims['cognito:username'], 'kim');
    assert.equal(claims.email, 'kim@example.com');
    // An access token (typ at+jwt) is not an ID token, and another client's verifier refuses it.
    await rejectsWithCode(verifier.verify(AccessToken), 'ERR_TYP_INVALID');
    const other = keep(
      createVerifier({ issuer: poolIssuer, tokenUse: 'access', audience: null, clientId: ['another'] }),
    );
    await assert.rejects(other.verify(AccessToken));
  });
});

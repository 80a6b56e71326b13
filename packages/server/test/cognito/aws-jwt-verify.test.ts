// Tokens from Cognito's user-pool API verify with aws-jwt-verify pointed at the pool's issuer and
// JWKS, as code written for Cognito verifies them: JwtRsaVerifier (Cognito signs with RSA) with
// aws-jwt-verify's own Cognito claim checks, for the access token and the ID token alike.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { eachBackend } from '../support/each-backend.js';
import { CognitoGate } from './support/gate.js';

const PASSWORD = 'a long enough passphrase';

/** aws-jwt-verify's own JWKS cache, fetching over plain HTTP (the test server is on loopback). */
const loopbackJwks = () =>
  new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } });

eachBackend(
  'tokens from InitiateAuth and aws-jwt-verify',
  (name) => new CognitoGate(name),
  (gate) => {
    const signIn = async () => {
      const out = await gate.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: gate.spa.clientId,
          AuthParameters: { USERNAME: 'kim', PASSWORD },
        }),
      );
      assert.ok(out.AuthenticationResult?.AccessToken && out.AuthenticationResult.IdToken);
      return out.AuthenticationResult;
    };
    const verifier = (tokenUse: 'access' | 'id', clientId: string) =>
      JwtRsaVerifier.create(
        {
          issuer: gate.issuer,
          jwksUri: `${gate.issuer}/.well-known/jwks.json`,
          audience: tokenUse === 'id' ? clientId : null,
          customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
        },
        { jwksCache: loopbackJwks() },
      );

    test('the access token and the ID token pass, as Cognito’s would; another client’s verifier refuses them', async () => {
      // aws-jwt-verify checks expiry against the wall clock: issue at the real time.
      gate.clock.set(Date.now());
      const kim = await gate.user('kim', PASSWORD);
      const tokens = await signIn();
      const access = await verifier('access', gate.spa.clientId).verify(tokens.AccessToken as string);
      assert.equal(access.sub, kim.sub);
      assert.equal(access.token_use, 'access');
      const id = await verifier('id', gate.spa.clientId).verify(tokens.IdToken as string);
      assert.equal(id.sub, kim.sub);
      assert.equal(id['cognito:username'], 'kim');
      await assert.rejects(verifier('access', 'another-client').verify(tokens.AccessToken as string));
      await assert.rejects(verifier('id', gate.spa.clientId).verify(tokens.AccessToken as string));
    });
  },
);

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as client from 'openid-client';
import { eachBackend } from '../../support/each-backend.js';
import { CALLBACK, PoolGate, SPA_CALLBACK, verifier } from './harness.js';

/**
 * openid-client v6 checks token times against the real clock, so this gate's frozen clock
 * starts at the real time.
 */
eachBackend(
  'openid-client against a pool',
  (name) => new PoolGate(name, Date.now()),
  (gate) => {
    const insecure = { execute: [client.allowInsecureRequests] };

    test('a confidential backend: discovery, code exchange with Basic, refresh, userinfo', async () => {
      const config = await client.discovery(
        new URL(gate.issuer),
        gate.confidential.clientId,
        { client_secret: gate.confidential.clientSecret },
        client.ClientSecretBasic(gate.confidential.clientSecret),
        insecure,
      );
      const nonce = client.randomNonce();
      const state = client.randomState();
      const code = await gate.code({ client: gate.confidential, nonce });
      const callback = new URL(`${CALLBACK}?${new URLSearchParams({ code, state, iss: gate.issuer })}`);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        expectedNonce: nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      assert.equal(claims?.sub, gate.alice.sub);
      assert.equal(claims?.email, 'alice@example.com');
      assert.equal(claims?.['cognito:username'], 'alice');
      assert.ok(tokens.refresh_token);

      const info = await client.fetchUserInfo(config, tokens.access_token, gate.alice.sub);
      assert.equal(info.email, 'alice@example.com');

      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
      assert.equal(refreshed.claims()?.sub, gate.alice.sub);
      await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), (error: unknown) => {
        assert.ok(error instanceof client.ResponseBodyError);
        assert.equal(error.error, 'invalid_grant');
        return true;
      });
      await client.tokenRevocation(config, String(refreshed.refresh_token));
    });

    test('a public client with PKCE', async () => {
      const config = await client.discovery(
        new URL(gate.issuer),
        gate.spa.clientId,
        undefined,
        client.None(),
        insecure,
      );
      const v = verifier();
      const code = await gate.code({ client: gate.spa, redirectUri: SPA_CALLBACK, verifier: v, nonce: null });
      const callback = new URL(`${SPA_CALLBACK}?${new URLSearchParams({ code, iss: gate.issuer })}`);
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: v });
      assert.equal(tokens.claims()?.aud, gate.spa.clientId);
    });
  },
);

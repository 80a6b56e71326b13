import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { CreatedAppClient } from '@gatehouse/schemas';
import { eachBackend } from '../../support/each-backend.js';
import { basicAuth, CALLBACK, PoolGate, postForm } from './harness.js';

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' };

/**
 * RFC 6749 §2.3.1 at a pool: an app client registered for client_secret_post authenticates with
 * HTTP Basic too, at the token and revocation endpoints; one method per request still.
 */
eachBackend(
  'pool app clients: HTTP Basic whatever the registered secret method',
  (name) => new PoolGate(name),
  (gate) => {
    let poster: CreatedAppClient & { clientSecret: string };

    before(async () => {
      poster = (await gate.appClient({
        name: 'form-poster',
        public: false,
        authMethod: 'client_secret_post',
        redirectUris: [CALLBACK],
        logoutUris: [],
        scopes: ['openid', 'email'],
      })) as CreatedAppClient & { clientSecret: string };
      assert.equal(poster.authMethod, 'client_secret_post');
    });

    const redeem = async (headers: Record<string, string>, extra: Record<string, string> = {}) =>
      postForm(
        gate.token,
        {
          grant_type: 'authorization_code',
          code: await gate.code({ client: poster, scope: 'openid email' }),
          redirect_uri: CALLBACK,
          ...extra,
        },
        headers,
      );

    test('a client_secret_post app client redeems a code with Basic', async () => {
      const { status, body } = await redeem(basicAuth(poster.clientId, poster.clientSecret));
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body?.token_type, 'Bearer');
      assert.equal(typeof body?.refresh_token, 'string');
    });

    test('a wrong secret in Basic: 401 invalid_client', async () => {
      const { status, body } = await redeem(basicAuth(poster.clientId, `${poster.clientSecret}x`));
      assert.equal(status, 401);
      assert.deepEqual(body, INVALID_CLIENT);
    });

    test('Basic and client_secret in one request: 400 invalid_request', async () => {
      const { status, body } = await redeem(basicAuth(poster.clientId, poster.clientSecret), {
        client_secret: poster.clientSecret,
      });
      assert.equal(status, 400);
      assert.deepEqual(body, {
        error: 'invalid_request',
        error_description:
          'use exactly one client authentication method, not client_secret_basic and client_secret_post',
      });
    });

    test('it revokes with Basic', async () => {
      const { body } = await redeem(basicAuth(poster.clientId, poster.clientSecret));
      const refresh = String(body?.refresh_token);
      const revoked = await postForm(
        gate.url('/oauth2/revoke'),
        { token: refresh },
        basicAuth(poster.clientId, poster.clientSecret),
      );
      assert.equal(revoked.status, 200);
      const again = await postForm(
        gate.token,
        { grant_type: 'refresh_token', refresh_token: refresh },
        basicAuth(poster.clientId, poster.clientSecret),
      );
      assert.equal(again.status, 400);
      assert.equal(again.body?.error, 'invalid_grant');
    });

    test('a public app client has no secret: Basic is 401 invalid_client', async () => {
      const { status, body } = await postForm(
        gate.token,
        {
          grant_type: 'authorization_code',
          code: await gate.code({ client: gate.spa }),
          redirect_uri: CALLBACK,
        },
        basicAuth(gate.spa.clientId, 'anything'),
      );
      assert.equal(status, 401);
      assert.deepEqual(body, INVALID_CLIENT);
    });
  },
);

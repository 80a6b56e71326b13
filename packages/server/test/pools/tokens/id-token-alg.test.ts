import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CreatedAppClient } from '@gatehouse/schemas';
import { decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { atHash } from '../../../src/pools/id-token-claims.js';
import { eachBackend } from '../../support/each-backend.js';
import { basicAuth, CALLBACK, PoolGate, postForm } from './harness.js';

type Confidential = CreatedAppClient & { clientSecret: string };

/** openid-client checks token times against the real clock, so the frozen clock starts there. */
eachBackend(
  'ID tokens signed with the app client’s algorithm',
  (name) => new PoolGate(name, Date.now()),
  (gate) => {
    const insecure = { execute: [client.allowInsecureRequests] };
    const es256 = async (): Promise<Confidential> =>
      (await gate.appClient({
        name: 'es256 backend',
        public: false,
        redirectUris: [CALLBACK],
        logoutUris: [],
        scopes: ['openid', 'email', 'profile'],
        settings: { idTokenSigningAlg: 'ES256' },
      })) as Confidential;

    test('a client that names no algorithm gets RS256, and its settings say so', async () => {
      assert.equal(gate.confidential.settings.idTokenSigningAlg, 'RS256');
      const response = await gate.redeem(await gate.code({ client: gate.confidential }));
      assert.equal(response.status, 200);
      const body = response.body as { id_token: string };
      assert.equal(decodeProtectedHeader(body.id_token).alg, 'RS256');
    });

    test('an ES256 client’s ID token verifies with jose against the JWKS, at_hash by its alg', async () => {
      const app = await es256();
      assert.equal(app.settings.idTokenSigningAlg, 'ES256');
      const code = await gate.code({ client: app });
      const response = await postForm(
        gate.token,
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
        basicAuth(app.clientId, app.clientSecret),
      );
      assert.equal(response.status, 200);
      const body = response.body as {
        id_token: string;
        access_token: string;
        refresh_token: string;
      };
      const header = decodeProtectedHeader(body.id_token);
      assert.equal(header.alg, 'ES256');
      assert.equal(header.typ, 'JWT');
      const claims = await gate.verify(body.id_token, { audience: app.clientId, typ: 'JWT' });
      assert.equal(claims.sub, gate.alice.sub);
      assert.equal(claims.at_hash, atHash(body.access_token, 'ES256'));

      const refreshed = await postForm(
        gate.token,
        { grant_type: 'refresh_token', refresh_token: body.refresh_token },
        basicAuth(app.clientId, app.clientSecret),
      );
      assert.equal(refreshed.status, 200);
      const again = refreshed.body as { id_token: string };
      assert.equal(decodeProtectedHeader(again.id_token).alg, 'ES256');
    });

    test('the discovery document lists every alg a client may have, RS256 first', async () => {
      const response = await fetch(gate.url('/.well-known/openid-configuration'));
      const doc = (await response.json()) as { id_token_signing_alg_values_supported: string[] };
      const algs = doc.id_token_signing_alg_values_supported;
      assert.equal(algs[0], 'RS256');
      for (const alg of ['ES256', 'EdDSA']) assert.ok(algs.includes(alg), `${alg} is listed`);
    });

    test('openid-client v6 accepts an ES256 ID token, checked against the discovery document', async () => {
      const app = await es256();
      // No id_token_signed_response_alg in its metadata: openid-client checks the header's alg
      // against the discovery document's list, as an app configured with nothing does.
      const config = await client.discovery(
        new URL(gate.issuer),
        app.clientId,
        undefined,
        client.ClientSecretBasic(app.clientSecret),
        insecure,
      );
      const nonce = client.randomNonce();
      const code = await gate.code({ client: app, nonce });
      const callback = new URL(`${CALLBACK}?${new URLSearchParams({ code, iss: gate.issuer })}`);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      assert.equal(tokens.claims()?.sub, gate.alice.sub);
      assert.ok(tokens.id_token);
      assert.equal(decodeProtectedHeader(tokens.id_token).alg, 'ES256');
      const refreshed = await client.refreshTokenGrant(config, String(tokens.refresh_token));
      assert.equal(refreshed.claims()?.sub, gate.alice.sub);
    });

    test('an unknown algorithm is refused at registration', async () => {
      await assert.rejects(
        gate.appClient({
          name: 'hs256',
          public: false,
          redirectUris: [CALLBACK],
          settings: { idTokenSigningAlg: 'HS256' as 'ES256' },
        }),
        /idTokenSigningAlg|must be one of/,
      );
    });
  },
);

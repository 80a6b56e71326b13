import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachBackend } from '../../support/each-backend.js';
import { basicAuth, PoolGate, postForm } from './harness.js';

eachBackend(
  'pool userinfo, revocation and discovery',
  (name) => new PoolGate(name),
  (gate) => {
    async function signIn(scope = 'openid email profile') {
      const answer = await gate.redeem(await gate.code({ client: gate.confidential, scope }));
      assert.equal(answer.status, 200);
      return { access: String(answer.body?.access_token), refresh: String(answer.body?.refresh_token) };
    }
    const revoke = (token: string, client = gate.confidential) =>
      postForm(gate.url('/oauth2/revoke'), { token }, basicAuth(client.clientId, client.clientSecret ?? ''));

    test('userinfo answers the claims the scopes release, by GET and by POST, at both spellings', async () => {
      const { access } = await signIn();
      const expected = {
        sub: gate.alice.sub,
        username: 'alice',
        email: 'alice@example.com',
        email_verified: true,
        name: 'Alice Liddell',
        given_name: 'Alice',
      };
      const get = await gate.userinfo(access);
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await get.json(), expected);
      const post = await fetch(gate.url('/oauth2/userinfo'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ access_token: access }),
      });
      assert.deepEqual(await post.json(), expected);
      const narrow = await signIn('openid');
      assert.deepEqual(await (await gate.userinfo(narrow.access)).json(), {
        sub: gate.alice.sub,
        username: 'alice',
      });
    });

    test('userinfo refusals follow RFC 6750 §3', async () => {
      const bare = await fetch(gate.url('/oauth2/userInfo'));
      assert.equal(bare.status, 401);
      assert.equal(bare.headers.get('www-authenticate'), `Bearer realm="${gate.issuer}"`);
      assert.equal(await bare.text(), '');

      const bad = await gate.userinfo('not.a.token');
      assert.equal(bad.status, 401);
      assert.equal(
        bad.headers.get('www-authenticate'),
        `Bearer realm="${gate.issuer}", error="invalid_token", error_description="the access token is invalid, expired or revoked"`,
      );
      assert.deepEqual(await bad.json(), {
        error: 'invalid_token',
        error_description: 'the access token is invalid, expired or revoked',
      });

      const { access } = await signIn('email');
      const noOpenid = await gate.userinfo(access);
      assert.equal(noOpenid.status, 403);
      assert.deepEqual(await noOpenid.json(), {
        error: 'insufficient_scope',
        error_description: 'the access token was not granted the openid scope',
      });

      const expired = await signIn();
      gate.clock.advance(3600_000);
      try {
        assert.equal((await gate.userinfo(expired.access)).status, 401);
      } finally {
        gate.clock.advance(-3600_000);
      }

      const both = await fetch(gate.url('/oauth2/userInfo'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${expired.access}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ access_token: expired.access }),
      });
      assert.equal(both.status, 400);
      assert.deepEqual(await both.json(), {
        error: 'invalid_request',
        error_description: 'send the access token one way only',
      });
    });

    test('revoking a refresh token revokes its family; unknown tokens answer 200 too', async () => {
      const { refresh } = await signIn();
      const rotated = String((await gate.refresh(refresh)).body?.refresh_token);
      const answer = await revoke(refresh);
      assert.equal(answer.status, 200);
      assert.equal(answer.text, '');
      assert.equal((await gate.refresh(rotated)).status, 400);
      assert.equal((await revoke('never-issued')).status, 200);
    });

    test('revoking an access token ends it at userinfo; another client may not revoke it', async () => {
      const { access, refresh } = await signIn();
      const spaAnswer = await postForm(gate.url('/oauth2/revoke'), {
        token: refresh,
        client_id: gate.spa.clientId,
      });
      assert.equal(spaAnswer.status, 400);
      assert.deepEqual(spaAnswer.body, {
        error: 'unauthorized_client',
        error_description: 'the token was not issued to this client',
      });
      assert.equal((await revoke(access)).status, 200);
      assert.equal((await gate.userinfo(access)).status, 401);
    });

    test('revocation needs client authentication', async () => {
      const answer = await postForm(gate.url('/oauth2/revoke'), {
        token: 'x',
        client_id: gate.confidential.clientId,
      });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, {
        error: 'invalid_client',
        error_description: 'client authentication failed',
      });
    });

    test('discovery and JWKS under the pool issuer, and RFC 8414 metadata', async () => {
      const doc = (await (await fetch(gate.url('/.well-known/openid-configuration'))).json()) as Record<
        string,
        unknown
      >;
      assert.equal(doc.issuer, gate.issuer);
      assert.equal(doc.token_endpoint, gate.url('/oauth2/token'));
      assert.equal(doc.userinfo_endpoint, gate.url('/oauth2/userInfo'));
      assert.equal(doc.jwks_uri, gate.url('/.well-known/jwks.json'));
      const rfc8414 = await fetch(
        `${gate.server.issuer}/.well-known/oauth-authorization-server/pools/${gate.poolId}`,
      );
      assert.deepEqual(await rfc8414.json(), doc);
      const jwks = (await (await fetch(gate.url('/.well-known/jwks.json'))).json()) as {
        keys: { alg: string }[];
      };
      assert.ok(jwks.keys.some((k) => k.alg === 'RS256'));
      const missing = await fetch(
        `${gate.server.issuer}/pools/local_NoSuchPool/.well-known/openid-configuration`,
      );
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), { error: 'not_found', error_description: 'no such user pool' });
      const wrongMethod = await fetch(gate.url('/oauth2/token'));
      assert.equal(wrongMethod.status, 405);
    });

    test('browsers may call the endpoints from any origin (CORS), and the preflight answers', async () => {
      const preflight = await fetch(gate.url('/oauth2/userInfo'), {
        method: 'OPTIONS',
        headers: { origin: 'https://spa.example', 'access-control-request-headers': 'authorization' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization, content-type');
      const refused = await postForm(gate.token, { grant_type: 'nope' });
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get('access-control-allow-origin'), '*');
    });

    test("a change to the pool's token lifetimes reaches the token path through the change log", async () => {
      const g = gate.server.gatehouse;
      const { CLI_ACTOR } = await import('../../../src/services/actor.js');
      await g.userPools.update(gate.poolId, { tokens: { accessTokenSeconds: 600 } }, CLI_ACTOR);
      try {
        await gate.server.runtime.poll();
        assert.equal(
          (await gate.redeem(await gate.code({ client: gate.confidential }))).body?.expires_in,
          600,
        );
      } finally {
        await g.userPools.update(gate.poolId, { tokens: { accessTokenSeconds: 3600 } }, CLI_ACTOR);
        await gate.server.runtime.poll();
      }
    });

    test('a new app client secret is seen by the token path within a poll', async () => {
      const rotated = await gate.server.gatehouse.appClients.rotateSecret(
        gate.poolId,
        gate.confidential.clientId,
        (await import('../../../src/services/actor.js')).CLI_ACTOR,
      );
      gate.secrets.push(String(rotated.clientSecret));
      await gate.server.runtime.poll();
      const code = await gate.code({ client: gate.confidential });
      const old = await gate.redeem(code);
      assert.equal(old.status, 401);
      gate.confidential = { ...gate.confidential, clientSecret: String(rotated.clientSecret) };
      assert.equal((await gate.redeem(code)).status, 200);
    });
  },
);

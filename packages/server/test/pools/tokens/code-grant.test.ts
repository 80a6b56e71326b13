import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { atHash } from '../../../src/pools/id-token-claims.js';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { basicAuth, CALLBACK, PoolGate, postForm, SPA_CALLBACK, verifier } from './harness.js';

const CODE_REFUSED = {
  error: 'invalid_grant',
  error_description:
    'authorization code is invalid, expired, already used, or was issued to another client or redirect_uri',
};
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' };

eachBackend(
  'pool token endpoint: authorization_code',
  (name) => new PoolGate(name),
  (gate) => {
    test('a confidential client redeems a code: RFC 6749 §5.1 answer, no-store, verifiable tokens', async () => {
      const code = await gate.code({ client: gate.confidential });
      const { status, headers, body } = await gate.redeem(code);
      assert.equal(status, 200);
      assert.equal(headers.get('cache-control'), 'no-store');
      assert.equal(headers.get('pragma'), 'no-cache');
      assert.ok(body);
      assert.deepEqual(Object.keys(body).sort(), [
        'access_token',
        'expires_in',
        'id_token',
        'refresh_token',
        'scope',
        'token_type',
      ]);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3600);
      assert.equal(body.scope, 'openid email profile');
      // <family id (UUID v7)>.<256 random bits>
      assert.match(
        String(body.refresh_token),
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/,
      );

      const id = await gate.verify(String(body.id_token), {
        audience: gate.confidential.clientId,
        typ: 'JWT',
      });
      const now = Math.floor(gate.clock.now() / 1000);
      assert.deepEqual(
        { ...id },
        {
          iss: gate.issuer,
          sub: gate.alice.sub,
          aud: gate.confidential.clientId,
          iat: now,
          exp: now + 3600,
          auth_time: now,
          nonce: 'n-0S6_WzA2Mj',
          at_hash: atHash(String(body.access_token), 'RS256'),
          token_use: 'id',
          email: 'alice@example.com',
          email_verified: true,
          name: 'Alice Liddell',
          given_name: 'Alice',
          groups: ['staff'],
          'cognito:username': 'alice',
          'cognito:groups': ['staff'],
        },
      );
      const header = JSON.parse(
        Buffer.from(String(body.id_token).split('.')[0] ?? '', 'base64url').toString(),
      );
      assert.equal(header.alg, 'RS256');

      const access = await gate.verify(String(body.access_token), {
        audience: `${gate.issuer}/oauth2/userInfo`,
        typ: 'at+jwt',
      });
      assert.equal(access.sub, gate.alice.sub);
      assert.equal(access.client_id, gate.confidential.clientId);
      assert.equal(access.scope, 'openid email profile');
      assert.equal(access.token_use, 'access');
      assert.equal(access.username, 'alice');
      assert.deepEqual(access['cognito:groups'], ['staff']);
      assert.equal(typeof access.jti, 'string');
    });

    test('client_secret_post works too; no openid scope means no id_token', async () => {
      const code = await gate.code({ client: gate.confidential, scope: 'email' });
      const { status, body } = await postForm(gate.token, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        client_id: gate.confidential.clientId,
        client_secret: gate.confidential.clientSecret,
      });
      assert.equal(status, 200);
      assert.equal(body?.id_token, undefined);
      assert.equal(body?.scope, 'email');
    });

    test('a public client redeems with PKCE and no secret', async () => {
      const v = verifier();
      const code = await gate.code({ client: gate.spa, redirectUri: SPA_CALLBACK, verifier: v });
      const { status, body } = await postForm(gate.token, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: SPA_CALLBACK,
        client_id: gate.spa.clientId,
        code_verifier: v,
      });
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(typeof body?.refresh_token, 'string');
    });

    test('refusals have exact RFC 6749 §5.2 bodies', async () => {
      const cases: [
        string,
        () => Promise<{ status: number; body: unknown; headers: Headers }>,
        number,
        unknown,
      ][] = [
        [
          'wrong client',
          async () => {
            const v = verifier();
            const code = await gate.code({ client: gate.spa, redirectUri: SPA_CALLBACK, verifier: v });
            return gate.redeem(code, { code_verifier: v, redirect_uri: SPA_CALLBACK });
          },
          400,
          CODE_REFUSED,
        ],
        [
          'wrong redirect_uri',
          async () =>
            gate.redeem(await gate.code({ client: gate.confidential }), { redirect_uri: `${CALLBACK}/x` }),
          400,
          CODE_REFUSED,
        ],
        [
          'missing redirect_uri',
          async () =>
            postForm(
              gate.token,
              { grant_type: 'authorization_code', code: await gate.code({ client: gate.confidential }) },
              basicAuth(gate.confidential.clientId, gate.confidential.clientSecret),
            ),
          400,
          { error: 'invalid_request', error_description: 'redirect_uri is required' },
        ],
        [
          'PKCE verifier missing',
          async () => gate.redeem(await gate.code({ client: gate.confidential, verifier: verifier() })),
          400,
          { error: 'invalid_grant', error_description: 'code_verifier is required for this code' },
        ],
        [
          'PKCE verifier wrong',
          async () =>
            gate.redeem(await gate.code({ client: gate.confidential, verifier: verifier() }), {
              code_verifier: verifier(),
            }),
          400,
          { error: 'invalid_grant', error_description: 'PKCE verification failed' },
        ],
        [
          'verifier sent for a code without a challenge',
          async () =>
            gate.redeem(await gate.code({ client: gate.confidential }), { code_verifier: verifier() }),
          400,
          {
            error: 'invalid_grant',
            error_description: 'code_verifier sent, but the authorization request had no code_challenge',
          },
        ],
        [
          'public client code without PKCE',
          async () => {
            const code = await gate.code({ client: gate.spa, redirectUri: SPA_CALLBACK, verifier: null });
            return postForm(gate.token, {
              grant_type: 'authorization_code',
              code,
              redirect_uri: SPA_CALLBACK,
              client_id: gate.spa.clientId,
            });
          },
          400,
          {
            error: 'invalid_grant',
            error_description: 'this client must use PKCE; the authorization request had no code_challenge',
          },
        ],
        ['unknown code', () => gate.redeem('not-a-code-anyone-issued'), 400, CODE_REFUSED],
        [
          'wrong client secret',
          async () =>
            postForm(
              gate.token,
              {
                grant_type: 'authorization_code',
                code: await gate.code({ client: gate.confidential }),
                redirect_uri: CALLBACK,
              },
              basicAuth(gate.confidential.clientId, 'wrong-secret'),
            ),
          401,
          INVALID_CLIENT,
        ],
        [
          'confidential client without its secret',
          async () =>
            postForm(gate.token, {
              grant_type: 'authorization_code',
              code: await gate.code({ client: gate.confidential }),
              redirect_uri: CALLBACK,
              client_id: gate.confidential.clientId,
            }),
          401,
          INVALID_CLIENT,
        ],
        [
          'public client with a secret',
          async () =>
            postForm(gate.token, {
              grant_type: 'authorization_code',
              code: 'x',
              redirect_uri: SPA_CALLBACK,
              client_id: gate.spa.clientId,
              client_secret: 'anything',
            }),
          401,
          INVALID_CLIENT,
        ],
        [
          'no client at all',
          () => postForm(gate.token, { grant_type: 'authorization_code', code: 'x', redirect_uri: CALLBACK }),
          401,
          { error: 'invalid_client', error_description: 'client authentication is required' },
        ],
        [
          'client_credentials for a client that signs people in',
          () =>
            postForm(
              gate.token,
              { grant_type: 'client_credentials' },
              basicAuth(gate.confidential.clientId, gate.confidential.clientSecret),
            ),
          400,
          {
            error: 'unauthorized_client',
            error_description: "this app client's OAuth flows do not include client_credentials",
          },
        ],
        [
          'a grant type no pool speaks',
          () =>
            postForm(
              gate.token,
              { grant_type: 'password' },
              basicAuth(gate.confidential.clientId, gate.confidential.clientSecret),
            ),
          400,
          {
            error: 'unsupported_grant_type',
            error_description:
              'this grant_type is not supported; use authorization_code, refresh_token, client_credentials',
          },
        ],
        [
          'no grant_type',
          () => postForm(gate.token, { code: 'x' }),
          400,
          { error: 'invalid_request', error_description: 'grant_type is required' },
        ],
      ];
      for (const [label, run, status, body] of cases) {
        const answer = await run();
        assert.equal(answer.status, status, label);
        assert.deepEqual(answer.body, body, label);
        if (status === 401) {
          assert.equal(
            answer.headers.get('www-authenticate'),
            'Basic realm="gatehouse", charset="UTF-8"',
            label,
          );
        }
      }
    });

    test('an expired code is refused', async () => {
      const code = await gate.code({ client: gate.confidential });
      gate.clock.advance(60_000);
      try {
        const { status, body } = await gate.redeem(code);
        assert.equal(status, 400);
        assert.deepEqual(body, CODE_REFUSED);
      } finally {
        gate.clock.advance(-60_000);
      }
    });

    test('a reused code is refused and revokes the refresh family and access token it issued', async () => {
      const code = await gate.code({ client: gate.confidential });
      const first = await gate.redeem(code);
      assert.equal(first.status, 200);
      assert.equal((await gate.userinfo(String(first.body?.access_token))).status, 200);
      const again = await gate.redeem(code);
      assert.equal(again.status, 400);
      assert.deepEqual(again.body, CODE_REFUSED);
      const refreshed = await gate.refresh(String(first.body?.refresh_token));
      assert.equal(refreshed.status, 400);
      assert.deepEqual(refreshed.body, {
        error: 'invalid_grant',
        error_description: 'refresh token is invalid, expired or revoked',
      });
      const info = await gate.userinfo(String(first.body?.access_token));
      assert.equal(info.status, 401);
      assert.match(info.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    });

    test('one code sent five times at once: exactly one redemption wins, and the replays revoke it', async () => {
      const code = await gate.code({ client: gate.confidential });
      const answers = await Promise.all(Array.from({ length: 5 }, () => gate.redeem(code)));
      const won = answers.filter((a) => a.status === 200);
      assert.equal(won.length, 1);
      for (const lost of answers.filter((a) => a.status !== 200)) assert.deepEqual(lost.body, CODE_REFUSED);
      assert.equal((await gate.refresh(String(won[0]?.body?.refresh_token))).status, 400);
    });

    test('a code of another pool is unknown here', async () => {
      const other = await gate.server.gatehouse.userPools.create({ name: 'Other' }, CLI_ACTOR);
      const answer = await postForm(
        `${gate.server.issuer}/pools/${other.id}/oauth2/token`,
        {
          grant_type: 'authorization_code',
          code: await gate.code({ client: gate.confidential }),
          redirect_uri: CALLBACK,
        },
        basicAuth(gate.confidential.clientId, gate.confidential.clientSecret),
      );
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, INVALID_CLIENT);
    });
  },
);

import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { CreatedAppClient } from '@gatehouse/schemas';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { eachBackend } from '../support/each-backend.js';
import { basicAuth, CALLBACK, PoolGate, postForm } from '../pools/tokens/harness.js';
import { type AuthorizerEvent, referenceAuthorizer } from './reference-authorizer.js';

type Confidential = CreatedAppClient & { clientSecret: string };

const PLACE_ORDER = 'lj-health-food/place-order';
const LIST_ORDERS = 'lj-health-food/list-orders';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/orders';

/** aws-jwt-verify's own JWKS cache, fetching over plain HTTP (the test server is on loopback). */
const loopbackJwks = () =>
  new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } });

/** aws-jwt-verify checks times against the real clock, so the frozen clock starts there. */
eachBackend(
  'machine tokens the Cognito way: client_credentials app clients at the pool’s token endpoint',
  (name) => new PoolGate(name, Date.now()),
  (gate) => {
    let partner: Confidential;
    let reader: Confidential;
    const machine = async (name: string, scopes: string[], extra: object = {}) =>
      (await gate.appClient({
        name,
        public: false,
        allowedOAuthFlows: ['client_credentials'],
        scopes,
        ...extra,
      })) as Confidential;
    const token = (client: Confidential, form: Record<string, string>) =>
      postForm(
        gate.token,
        { grant_type: 'client_credentials', ...form },
        basicAuth(client.clientId, client.clientSecret),
      );
    const authorizer = () =>
      referenceAuthorizer(
        {
          get: (name) => ({ issuer: gate.issuer, clientId: partner.clientId, scopes: PLACE_ORDER })[name],
        },
        loopbackJwks(),
      );
    const event = (accessToken: string): AuthorizerEvent => ({
      headers: { Authorization: accessToken },
      methodArn: METHOD_ARN,
    });

    before(async () => {
      await gate.server.gatehouse.resourceServers.create(
        {
          identifier: 'lj-health-food',
          name: 'LJ Health Food',
          scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
          tokenProfile: 'cognito',
        },
        CLI_ACTOR,
      );
      await gate.server.runtime.poll();
      partner = await machine('partner', [PLACE_ORDER, LIST_ORDERS]);
      reader = await machine('reader', [LIST_ORDERS]);
    });

    test('the partner gets a token exactly as Cognito issues it, with HTTP Basic', async () => {
      const response = await token(partner, { scope: PLACE_ORDER });
      assert.equal(response.status, 200, response.text);
      const body = response.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.scope, PLACE_ORDER);
      assert.equal(body.expires_in, 3600);
      const accessToken = body.access_token as string;
      assert.equal(decodeProtectedHeader(accessToken).typ, 'at+jwt');
      const claims = decodeJwt(accessToken);
      const iat = Math.floor(gate.clock.now() / 1000);
      assert.deepEqual(
        { ...claims, jti: typeof claims.jti },
        {
          sub: partner.clientId,
          token_use: 'access',
          scope: PLACE_ORDER,
          auth_time: iat,
          iss: gate.issuer,
          exp: iat + 3600,
          iat,
          version: 2,
          jti: 'string',
          client_id: partner.clientId,
          aud: 'lj-health-food',
        },
      );
    });

    test('under the rfc9068 profile a pool machine token names scopes by their short name', async () => {
      await gate.server.gatehouse.resourceServers.create(
        { identifier: 'billing', name: 'Billing', scopes: [{ name: 'read' }] },
        CLI_ACTOR,
      );
      await gate.server.runtime.poll();
      const biller = await machine('biller', ['billing/read']);
      const response = await token(biller, { scope: 'billing/read' });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body?.scope, 'read');
      const claims = decodeJwt(response.body?.access_token as string);
      assert.deepEqual(
        [claims.scope, claims.aud, claims.token_use, claims.version],
        ['read', 'billing', 'access', undefined],
      );
    });

    test('client_secret_post works too; no scope means every scope the client holds', async () => {
      const response = await postForm(gate.token, {
        grant_type: 'client_credentials',
        client_id: partner.clientId,
        client_secret: partner.clientSecret,
      });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body?.scope, `${PLACE_ORDER} ${LIST_ORDERS}`);
      assert.equal(decodeJwt(response.body?.access_token as string).scope, `${PLACE_ORDER} ${LIST_ORDERS}`);
    });

    test('a scope the client does not hold, or no resource server has, is invalid_scope', async () => {
      for (const scope of [
        'lj-health-food/cancel-order',
        'openid',
        'place-order',
        `${PLACE_ORDER} other/x`,
      ]) {
        const response = await token(partner, { scope });
        assert.equal(response.status, 400, scope);
        assert.equal(response.body?.error, 'invalid_scope', scope);
      }
      const response = await token(reader, { scope: PLACE_ORDER });
      assert.equal(response.body?.error, 'invalid_scope');
    });

    test('a wrong secret is invalid_client; a machine client cannot sign people in, and back', async () => {
      const wrong = await postForm(
        gate.token,
        { grant_type: 'client_credentials', scope: PLACE_ORDER },
        basicAuth(partner.clientId, `${partner.clientSecret}x`),
      );
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body?.error, 'invalid_client');

      const code = await gate.code({ client: partner, scope: PLACE_ORDER });
      const redeemed = await token(partner, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
      });
      assert.equal(redeemed.status, 400);
      assert.equal(redeemed.body?.error, 'unauthorized_client');
      const refreshed = await token(partner, { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43) });
      assert.equal(refreshed.body?.error, 'unauthorized_client');

      const people = await postForm(
        gate.token,
        { grant_type: 'client_credentials' },
        basicAuth(gate.confidential.clientId, gate.confidential.clientSecret),
      );
      assert.equal(people.status, 400);
      assert.equal(people.body?.error, 'unauthorized_client');
    });

    test('a change of flows is checked as a whole, and the token endpoint follows it', async () => {
      const g = gate.server.gatehouse;
      const switching = await machine('switching', [PLACE_ORDER]);
      await assert.rejects(
        g.appClients.update(gate.poolId, switching.clientId, { allowedOAuthFlows: ['code'] }, CLI_ACTOR),
        (error: Error & { issues?: { path: string; message: string }[] }) => {
          assert.deepEqual(error.issues, [
            { path: 'redirectUris', message: 'needs at least 1 redirect URI', code: 'custom' },
          ]);
          return true;
        },
      );
      await assert.rejects(
        g.appClients.update(
          gate.poolId,
          gate.spa.clientId,
          { allowedOAuthFlows: ['client_credentials'] },
          CLI_ACTOR,
        ),
        /confidential/,
      );
      const updated = await g.appClients.update(
        gate.poolId,
        switching.clientId,
        { allowedOAuthFlows: ['code'], redirectUris: [CALLBACK], scopes: ['openid', PLACE_ORDER] },
        CLI_ACTOR,
      );
      assert.deepEqual(updated.allowedOAuthFlows, ['code']);
      await gate.server.runtime.poll();
      const refused = await token(switching, { scope: PLACE_ORDER });
      assert.equal(refused.body?.error, 'unauthorized_client');
    });

    test('the reference Lambda authorizer (aws-jwt-verify) accepts the partner’s token', async () => {
      const response = await token(partner, { scope: PLACE_ORDER });
      const result = await authorizer()(event(response.body?.access_token as string));
      assert.deepEqual(result, {
        principalId: partner.clientId,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }],
        },
        context: { clientId: partner.clientId },
      });
    });

    test('it refuses a token without the scope, another client’s, and a tampered one', async () => {
      const handler = authorizer();
      // The allowed client, with a token for another of its scopes only.
      const listOnly = await token(partner, { scope: LIST_ORDERS });
      assert.equal(listOnly.status, 200, listOnly.text);
      assert.equal(listOnly.body?.scope, LIST_ORDERS);
      await assert.rejects(handler(event(listOnly.body?.access_token as string)), /unauthorized/);
      const readerToken = await token(reader, {});
      await assert.rejects(handler(event(readerToken.body?.access_token as string)), /unauthorized/);

      const other = await machine('other partner', [PLACE_ORDER]);
      const notAllowed = await token(other, { scope: PLACE_ORDER });
      assert.equal(notAllowed.status, 200);
      await assert.rejects(handler(event(notAllowed.body?.access_token as string)), /unauthorized/);

      const good = (await token(partner, { scope: PLACE_ORDER })).body?.access_token as string;
      const [h, , s] = good.split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...decodeJwt(good), scope: `${PLACE_ORDER} ${LIST_ORDERS}` }),
      ).toString('base64url');
      await assert.rejects(handler(event(`${h}.${forged}.${s}`)), /unauthorized/);
      await assert.rejects(handler(event('')), /unauthorized/);
      assert.equal((await handler(event(good))).principalId, partner.clientId);
    });

    test('a person’s token is not a machine’s: the authorizer refuses it too', async () => {
      const people = await gate.appClient({
        name: 'web with api',
        public: false,
        redirectUris: [CALLBACK],
        scopes: ['openid', PLACE_ORDER],
      });
      const code = await gate.code({ client: people, scope: `openid ${PLACE_ORDER}` });
      const response = await postForm(
        gate.token,
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
        basicAuth(people.clientId, (people as Confidential).clientSecret),
      );
      assert.equal(response.status, 200, response.text);
      const claims = decodeJwt(response.body?.access_token as string);
      // The person's token names the API's scope the same way, under the cognito profile.
      assert.equal(claims.scope, `openid ${PLACE_ORDER}`);
      assert.equal(claims.version, 2);
      assert.equal(response.body?.scope, `openid ${PLACE_ORDER}`);
      // Not on the authorizer's allow-list of client ids.
      await assert.rejects(authorizer()(event(response.body?.access_token as string)), /unauthorized/);
    });
  },
);

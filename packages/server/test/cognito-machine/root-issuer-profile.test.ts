import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { decodeJwt } from 'jose';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { ConflictError } from '../../src/services/errors.js';
import { eachBackend } from '../support/each-backend.js';
import { basicAuth, postForm } from '../support/server.js';
import { Gate, type RegisteredClient } from '../oauth/harness.js';

const PLACE_ORDER = 'lj-health-food/place-order';

eachBackend(
  'token profiles at the root issuer’s token endpoint',
  // aws-jwt-verify checks times against the real clock.
  (name) => new Gate(name, { startAt: Date.now() }),
  (gate) => {
    let partner: RegisteredClient;
    const token = (scope?: string) =>
      postForm(
        `${gate.issuer}/oauth2/token`,
        { grant_type: 'client_credentials', ...(scope !== undefined ? { scope } : {}) },
        basicAuth(partner.clientId, partner.secret),
      );
    const setProfile = async (tokenProfile: 'rfc9068' | 'cognito') => {
      const updated = await gate.server.gatehouse.resourceServers.update(
        'lj-health-food',
        { tokenProfile },
        CLI_ACTOR,
      );
      await gate.server.runtime.poll();
      return updated;
    };

    before(async () => {
      await gate.resourceServer({
        identifier: 'lj-health-food',
        name: 'LJ Health Food',
        scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
      });
      partner = await gate.client({ scopes: [PLACE_ORDER, 'lj-health-food/list-orders'] });
    });

    test('rfc9068 by default: short scope names, no Cognito claims', async () => {
      const response = await token(PLACE_ORDER);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body?.scope, 'place-order');
      const claims = decodeJwt(response.body?.access_token as string);
      assert.equal(claims.scope, 'place-order');
      for (const claim of ['token_use', 'auth_time', 'version']) assert.equal(claims[claim], undefined);
    });

    test('cognito: qualified scopes, token_use, auth_time = iat and version 2, from the next request', async () => {
      const updated = await setProfile('cognito');
      assert.equal(updated.tokenProfile, 'cognito');
      const response = await token(PLACE_ORDER);
      assert.equal(response.status, 200, response.text);
      assert.equal(response.body?.scope, PLACE_ORDER);
      const claims = decodeJwt(response.body?.access_token as string);
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
      // The RFC 9068 checks still pass: typ, aud and the registered claims.
      const verified = await gate.verify(response.body?.access_token as string, 'lj-health-food');
      assert.equal(verified.payload.scope, PLACE_ORDER);
      const both = await token(`${PLACE_ORDER} lj-health-food/list-orders`);
      assert.equal(both.body?.scope, `lj-health-food/list-orders ${PLACE_ORDER}`);
    });

    test('aws-jwt-verify accepts the root issuer’s cognito tokens with the scope, and only those', async () => {
      await setProfile('cognito');
      const verifier = JwtVerifier.create(
        {
          issuer: gate.issuer,
          jwksUri: `${gate.issuer}/.well-known/jwks.json`,
          audience: null,
          scope: [PLACE_ORDER],
          customJwtCheck: ({ payload }) =>
            validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: [partner.clientId] }),
        },
        {
          jwksCache: new SimpleJwksCache({
            fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() },
          }),
        },
      );
      const ok = await verifier.verify((await token(PLACE_ORDER)).body?.access_token as string);
      assert.equal(ok.client_id, partner.clientId);
      const without = (await token('lj-health-food/list-orders')).body?.access_token as string;
      await assert.rejects(verifier.verify(without), /Scope not allowed/);
      await setProfile('rfc9068');
      const short = (await token(PLACE_ORDER)).body?.access_token as string;
      await assert.rejects(verifier.verify(short), /Scope not allowed/);
    });

    test('Gatehouse’s own resource server keeps its profile', async () => {
      await assert.rejects(
        gate.server.gatehouse.resourceServers.update(
          'gatehouse-admin',
          { tokenProfile: 'cognito' },
          CLI_ACTOR,
        ),
        ConflictError,
      );
    });
  },
);

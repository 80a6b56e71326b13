// Tokens in Cognito's shape (the `cognito` token profile, and client_credentials app clients at
// a pool's token endpoint) verify with @gatehouse/verify as any RFC 9068 token does: the
// resource server is still their `aud`, and their scopes are the qualified names.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CLI_ACTOR } from '@gatehouse/server';
import { createVerifier, type Verifier } from '../src/index.js';
import { rejectsWithCode } from './support/assert.js';
import { type TestClient, TestGatehouse } from './support/gatehouse.js';

const PLACE_ORDER = 'lj-health-food/place-order';
const LIST_ORDERS = 'lj-health-food/list-orders';

describe('@gatehouse/verify and tokens in Cognito’s shape', () => {
  let gate: TestGatehouse;
  let poolIssuer: string;
  let partner: { clientId: string; clientSecret: string };
  let rootClient: TestClient;
  const verifiers: Verifier[] = [];
  const keep = (v: Verifier) => {
    verifiers.push(v);
    return v;
  };
  const poolToken = async (scope: string): Promise<string> => {
    const response = await fetch(`${poolIssuer}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${partner.clientId}:${partner.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  before(async () => {
    gate = await TestGatehouse.start();
    await gate.resourceServer({
      identifier: 'lj-health-food',
      name: 'LJ Health Food',
      scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
      tokenProfile: 'cognito',
    });
    const g = gate.services;
    const pool = await g.userPools.create({ name: 'Partners' }, CLI_ACTOR);
    poolIssuer = pool.issuer;
    const created = await g.appClients.create(
      pool.id,
      { name: 'partner', allowedOAuthFlows: ['client_credentials'], scopes: [PLACE_ORDER, LIST_ORDERS] },
      CLI_ACTOR,
    );
    partner = { clientId: created.clientId, clientSecret: created.clientSecret ?? '' };
    await gate.server.runtime.poll();
    rootClient = await gate.client([PLACE_ORDER, LIST_ORDERS]);
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await gate?.stop();
  });

  test('a pool’s machine token passes an access-token verifier with the qualified scope', async () => {
    const verifier = keep(
      createVerifier({
        issuer: poolIssuer,
        tokenUse: 'access',
        audience: 'lj-health-food',
        clientId: [partner.clientId],
        requiredScopes: [PLACE_ORDER],
      }),
    );
    const claims = await verifier.verify(await poolToken(PLACE_ORDER));
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.sub, partner.clientId);
    assert.deepEqual(claims.scopes, [PLACE_ORDER]);
    assert.equal(claims.version, 2);
    await rejectsWithCode(verifier.verify(await poolToken(LIST_ORDERS)), 'ERR_INSUFFICIENT_SCOPE');
  });

  test('the root issuer’s cognito-profile token passes a machine verifier', async () => {
    const verifier = keep(
      createVerifier({ issuer: gate.issuer, audience: 'lj-health-food', requiredScopes: [PLACE_ORDER] }),
    );
    const claims = await verifier.verify(await gate.token(rootClient, { scope: PLACE_ORDER }));
    assert.equal(claims.client_id, rootClient.clientId);
    assert.deepEqual(claims.scopes, [PLACE_ORDER]);
    assert.equal(claims.token_use, 'access');
    await rejectsWithCode(
      verifier.verify(await gate.token(rootClient, { scope: LIST_ORDERS })),
      'ERR_INSUFFICIENT_SCOPE',
    );
  });
});

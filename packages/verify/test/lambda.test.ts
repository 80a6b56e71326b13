import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier, type Verifier } from '../src/index.js';
import { createLambdaAuthorizer, type RestTokenAuthorizerEvent } from '../src/lambda.js';
import type { TestGatehouse } from './support/gatehouse.js';
import { httpEvent, METHOD_ARN, requestEvent as restRequestEvent } from './support/lambda-events.js';
import { type OrdersTokens, ordersTokens } from './support/orders-tokens.js';

describe('Lambda authorizer with a real Gatehouse', () => {
  let orders: OrdersTokens;
  let gate: TestGatehouse;
  let verifier: Verifier;
  let clientId: string;
  let placeOnly: string;
  let both: string;

  before(async () => {
    orders = await ordersTokens();
    ({ gate, verifier, clientId, placeOnly, both } = orders);
  });
  after(() => orders.stop());

  const policy = (principalId: string, effect: 'Allow' | 'Deny', context?: Record<string, string>) => ({
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: METHOD_ARN }],
    },
    ...(context ? { context } : {}),
  });

  test('REST REQUEST authorizer: Allow with principalId and context for a valid token', async () => {
    const handler = createLambdaAuthorizer(verifier, { mode: 'rest', scopes: ['list-orders'] });
    const { context, ...answer } = await handler(restRequestEvent(`Bearer ${both}`));
    assert.deepEqual(answer, policy(clientId, 'Allow'));
    // Every claim, as strings, as a Cognito authorizer hands them on: a machine's `sub` is its client.
    const { client_id, scope, sub, iss, jti } = context ?? {};
    assert.deepEqual(
      { client_id, scope, sub, iss },
      { client_id: clientId, scope: 'list-orders place-order', sub: clientId, iss: gate.issuer },
    );
    assert.equal(typeof jti, 'string');
    for (const value of Object.values(context ?? {})) assert.equal(typeof value, 'string');
    // Header names keep the client's case in REST events.
    const lower = restRequestEvent();
    lower.headers = { authorization: `bearer ${both}` };
    assert.equal((await handler(lower)).policyDocument.Statement[0]?.Effect, 'Allow');
  });

  test('REST: a token without the scope gets Deny (API Gateway answers 403)', async () => {
    const handler = createLambdaAuthorizer(verifier, { mode: 'rest', scopes: ['list-orders'] });
    assert.deepEqual(await handler(restRequestEvent(`Bearer ${placeOnly}`)), policy(clientId, 'Deny'));
    const notAllowed = createVerifier({
      issuer: gate.issuer,
      audience: 'lj-health-food',
      clientIds: ['someone-else'],
      revocation: false,
    });
    const strict = createLambdaAuthorizer(notAllowed, { mode: 'rest' });
    assert.deepEqual(await strict(restRequestEvent(`Bearer ${both}`)), policy(clientId, 'Deny'));
  });

  test("REST: a missing or invalid token throws Error('Unauthorized') (API Gateway answers 401)", async () => {
    const handler = createLambdaAuthorizer(verifier, { mode: 'rest' });
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer not-a-jwt', `Bearer ${both}x`]) {
      await assert.rejects(handler(restRequestEvent(authorization)), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.message, 'Unauthorized');
        return true;
      });
    }
  });

  test('REST TOKEN authorizer and per-request scopes', async () => {
    const handler = createLambdaAuthorizer(verifier, {
      mode: 'rest',
      scopes: (event) => (event.methodArn.includes('/GET/') ? ['list-orders'] : ['place-order']),
    });
    const tokenEvent = (token: string, method: string): RestTokenAuthorizerEvent => ({
      type: 'TOKEN',
      authorizationToken: `Bearer ${token}`,
      methodArn: METHOD_ARN.replace('/GET/', `/${method}/`),
    });
    assert.equal((await handler(tokenEvent(placeOnly, 'POST'))).policyDocument.Statement[0]?.Effect, 'Allow');
    assert.equal((await handler(tokenEvent(placeOnly, 'GET'))).policyDocument.Statement[0]?.Effect, 'Deny');
    assert.equal((await handler(tokenEvent(both, 'GET'))).principalId, clientId);
  });

  test('HTTP API simple responses', async () => {
    const handler = createLambdaAuthorizer(verifier, { mode: 'http', scopes: ['list-orders'] });
    const allowed = await handler(httpEvent(`Bearer ${both}`));
    assert.equal(allowed.isAuthorized, true);
    assert.deepEqual(
      [allowed.context?.client_id, allowed.context?.scope, allowed.context?.sub],
      [clientId, 'list-orders place-order', clientId],
    );
    assert.deepEqual(await handler(httpEvent(`Bearer ${placeOnly}`)), { isAuthorized: false });
    assert.deepEqual(await handler(httpEvent('Bearer garbage')), { isAuthorized: false });
    assert.deepEqual(await handler(httpEvent()), { isAuthorized: false });
    // Without headers, the identity source carries the value.
    const bare = httpEvent(`Bearer ${both}`);
    bare.headers = {};
    assert.equal((await handler(bare)).isAuthorized, true);
  });

  test('keys unreachable: the error is rethrown (API Gateway answers 500 and caches nothing)', async () => {
    const broken = createVerifier({
      issuer: gate.issuer,
      audience: 'lj-health-food',
      jwksUri: 'http://127.0.0.1:1/jwks',
      revocation: false,
    });
    await assert.rejects(
      createLambdaAuthorizer(broken, { mode: 'rest' })(restRequestEvent(`Bearer ${both}`)),
      {
        code: 'ERR_JWKS_UNAVAILABLE',
      },
    );
    await assert.rejects(createLambdaAuthorizer(broken, { mode: 'http' })(httpEvent(`Bearer ${both}`)), {
      code: 'ERR_JWKS_UNAVAILABLE',
    });
  });

  test('misuse throws TypeError at creation', () => {
    assert.throws(() => createLambdaAuthorizer(verifier, { mode: 'soap' } as never), /mode must be/);
    assert.throws(() => createLambdaAuthorizer({} as Verifier, { mode: 'rest' }), /must be a verifier/);
  });
});

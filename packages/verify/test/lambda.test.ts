import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier, type Verifier } from '../src/index.js';
import {
  createLambdaAuthorizer,
  type HttpApiAuthorizerEvent,
  type RestRequestAuthorizerEvent,
  type RestTokenAuthorizerEvent,
} from '../src/lambda.js';
import { TestGatehouse } from './support/gatehouse.js';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request';

/** A REST API REQUEST authorizer event, shaped as in the API Gateway developer guide. */
function restRequestEvent(authorization?: string): RestRequestAuthorizerEvent {
  const headers: Record<string, string> = {
    'X-AMZ-Date': '20170718T062915Z',
    Accept: '*/*',
    'CloudFront-Viewer-Country': 'US',
    Host: 'abcdef123.execute-api.us-east-1.amazonaws.com',
  };
  if (authorization !== undefined) headers.Authorization = authorization;
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    resource: '/request',
    path: '/request',
    httpMethod: 'GET',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: { QueryString1: 'queryValue1' },
    pathParameters: {},
    stageVariables: { StageVar1: 'stageValue1' },
    requestContext: {
      path: '/request',
      accountId: '123456789012',
      resourceId: '05c7jb',
      stage: 'test',
      requestId: '...',
      identity: { sourceIp: '192.0.2.1', userAgent: 'test' },
      resourcePath: '/request',
      httpMethod: 'GET',
      apiId: 'abcdef123',
    },
  };
}

/** An HTTP API authorizer event, payload format 2.0 (header names arrive lower-cased). */
function httpEvent(authorization?: string): HttpApiAuthorizerEvent {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: METHOD_ARN,
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey: 'GET /request',
    rawPath: '/request',
    rawQueryString: 'parameter1=value1',
    cookies: ['cookie1'],
    headers: { accept: '*/*', ...(authorization === undefined ? {} : { authorization }) },
    queryStringParameters: { parameter1: 'value1' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
      http: {
        method: 'GET',
        path: '/request',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'agent',
      },
      requestId: 'id',
      routeKey: 'GET /request',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    pathParameters: {},
    stageVariables: {},
  };
}

describe('Lambda authorizer with a real Gatehouse', () => {
  let gate: TestGatehouse;
  let verifier: Verifier;
  let clientId: string;
  let placeOnly: string;
  let both: string;

  before(async () => {
    gate = await TestGatehouse.start();
    await gate.resourceServer({
      identifier: 'lj-health-food',
      name: 'Orders',
      scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
    });
    const client = await gate.client(['lj-health-food/place-order', 'lj-health-food/list-orders']);
    clientId = client.clientId;
    placeOnly = await gate.token(client, { resource: 'lj-health-food', scope: 'place-order' });
    both = await gate.token(client, { resource: 'lj-health-food', scope: 'list-orders place-order' });
    verifier = createVerifier({ issuer: gate.issuer, audience: 'lj-health-food', revocation: false });
  });
  after(async () => {
    verifier.close();
    await gate.stop();
  });

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
    assert.deepEqual(
      await handler(restRequestEvent(`Bearer ${both}`)),
      policy(clientId, 'Allow', { client_id: clientId, scope: 'list-orders place-order' }),
    );
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
    assert.deepEqual(await handler(httpEvent(`Bearer ${both}`)), {
      isAuthorized: true,
      context: { client_id: clientId, scope: 'list-orders place-order' },
    });
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

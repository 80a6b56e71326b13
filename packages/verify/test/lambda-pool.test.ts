import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyWithCognitoAuthorizerEvent,
  APIGatewayProxyWithLambdaAuthorizerEvent,
  APIGatewaySimpleAuthorizerWithContextResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { createVerifier } from '../src/index.js';
import {
  cognitoClaims,
  cognitoDate,
  createLambdaAuthorizer,
  type HttpApiAuthorizerEvent,
  type AuthorizerContext,
  withCognitoClaims,
} from '../src/lambda.js';
import { FakeIssuer, type FakeKey } from './support/fake-issuer.js';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/GET/orders';
const APP = 'app1client1234567890abcdef';
const SUB = '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10';
const EXP = 1796425200; // Fri Dec 04 2026 23:00:00 UTC
const IAT = EXP - 3600;

/**
 * The integration's event behind a REST API Lambda authorizer (typed by @types/aws-lambda): its
 * context, flat, plus API Gateway's own principalId and integrationLatency.
 */
function restProxyEvent(
  context: AuthorizerContext | undefined,
): APIGatewayProxyWithLambdaAuthorizerEvent<AuthorizerContext> {
  return {
    resource: '/orders',
    path: '/orders',
    httpMethod: 'GET',
    headers: { Host: 'abcdef123.execute-api.eu-west-1.amazonaws.com' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      httpMethod: 'GET',
      path: '/prod/orders',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1796421600000,
      resourceId: '05c7jb',
      resourcePath: '/orders',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '192.0.2.1',
        user: null,
        userAgent: 'test',
        userArn: null,
      },
      // With no authorizer in front API Gateway sends null, which the type leaves out.
      authorizer: (context === undefined
        ? null
        : { ...context, principalId: SUB, integrationLatency: 12 }) as never,
    },
  };
}

/** The integration's event behind an HTTP API Lambda authorizer (payload 2.0): context under `lambda`. */
function httpProxyEvent(
  context: AuthorizerContext,
): APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext> {
  return {
    version: '2.0',
    routeKey: 'GET /orders',
    rawPath: '/orders',
    rawQueryString: '',
    headers: { host: 'abcdef123.execute-api.eu-west-1.amazonaws.com' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      domainName: 'abcdef123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abcdef123',
      http: { method: 'GET', path: '/orders', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'x' },
      requestId: 'id',
      routeKey: 'GET /orders',
      stage: '$default',
      time: '05/Dec/2026:22:00:00 +0000',
      timeEpoch: 1796421600000,
      authorizer: { lambda: context },
    },
  };
}

describe('Lambda authorizer with pool tokens: the claims in the Cognito authorizer’s shape', () => {
  let pool: FakeIssuer;
  let key: FakeKey;
  let idToken: string;
  let accessToken: string;

  before(async () => {
    pool = await FakeIssuer.start({ path: '/pools/local_AbC123xyz' });
    key = pool.addKey('ES256');
    idToken = await pool.signId(key, pool.idClaims({ exp: EXP, iat: IAT, auth_time: IAT }));
    accessToken = await pool.sign(key, pool.accessClaims({ exp: EXP, iat: IAT, auth_time: IAT, jti: 'j-1' }));
  });
  after(() => pool.close());

  const verifier = () =>
    createVerifier({
      issuer: pool.issuer,
      tokenUse: null,
      audience: 'lj-health-food',
      clientId: APP,
      now: () => (IAT + 60) * 1000,
    });

  test('REST: Allow for the person (principalId = sub), every claim a string as Cognito writes it', async () => {
    const handler = createLambdaAuthorizer(verifier(), { mode: 'rest' });
    const event: APIGatewayTokenAuthorizerEvent = {
      type: 'TOKEN',
      authorizationToken: `Bearer ${idToken}`,
      methodArn: METHOD_ARN,
    };
    const answer: APIGatewayAuthorizerResult = await handler(event);
    assert.equal(answer.principalId, SUB);
    assert.equal(answer.policyDocument.Statement[0]?.Effect, 'Allow');
    assert.deepEqual(answer.context, {
      iss: pool.issuer,
      sub: SUB,
      aud: APP,
      iat: 'Fri Dec 04 22:00:00 UTC 2026',
      exp: 'Fri Dec 04 23:00:00 UTC 2026',
      auth_time: String(IAT),
      token_use: 'id',
      email: 'ada@example.com',
      email_verified: 'true',
      groups: 'admins,editors',
      'cognito:username': 'ada',
      'cognito:groups': 'admins,editors',
    });
    for (const value of Object.values(answer.context ?? {})) assert.equal(typeof value, 'string');
  });

  test('REST: a handler written for a Cognito authorizer runs unchanged inside withCognitoClaims', async () => {
    const answer = await createLambdaAuthorizer(verifier(), {
      mode: 'rest',
      scopes: ['list-orders'],
    })({
      type: 'TOKEN',
      authorizationToken: `Bearer ${accessToken}`,
      methodArn: METHOD_ARN,
    });
    assert.equal(answer.policyDocument.Statement[0]?.Effect, 'Allow');
    // Written for `requestContext.authorizer.claims`, as behind a COGNITO_USER_POOLS authorizer.
    const cognitoHandler = (event: APIGatewayProxyWithCognitoAuthorizerEvent) => {
      const claims = event.requestContext.authorizer.claims;
      return { sub: claims.sub, groups: claims['cognito:groups']?.split(','), client: claims.client_id };
    };
    // What API Gateway sends behind this Lambda authorizer type-checks as the wrapped handler's argument.
    const event = restProxyEvent(answer.context);
    assert.deepEqual(withCognitoClaims(cognitoHandler)(event), {
      sub: SUB,
      groups: ['admins', 'editors'],
      client: APP,
    });
    assert.equal(
      (event.requestContext.authorizer as Record<string, unknown>).claims,
      undefined,
      'input not modified',
    );
    assert.deepEqual(cognitoClaims(event)?.scope, 'openid list-orders');
    assert.equal(cognitoClaims(event)?.principalId, undefined);
    assert.equal(cognitoClaims(restProxyEvent(undefined)), undefined);
    // Behind a real Cognito authorizer the claims are already there, and pass through.
    const real = {
      ...event,
      requestContext: { ...event.requestContext, authorizer: { claims: { sub: 'real' } } },
    };
    assert.equal(withCognitoClaims(cognitoHandler)(real).sub, 'real');
  });

  test('REST: a missing scope is Deny for the person; an ID token meets no scope', async () => {
    const handler = createLambdaAuthorizer(verifier(), {
      mode: 'rest',
      scopes: ['lj-health-food/place-order'],
    });
    for (const token of [accessToken, idToken]) {
      const answer = await handler({
        type: 'TOKEN',
        authorizationToken: `Bearer ${token}`,
        methodArn: METHOD_ARN,
      });
      assert.deepEqual(
        [answer.principalId, answer.policyDocument.Statement[0]?.Effect, answer.context],
        [SUB, 'Deny', undefined],
      );
    }
  });

  test('HTTP API: simple response with the claims; withCognitoClaims gives jwt.claims and jwt.scopes', async () => {
    const handler = createLambdaAuthorizer(verifier(), { mode: 'http' });
    const event: HttpApiAuthorizerEvent = {
      version: '2.0',
      type: 'REQUEST',
      routeArn: METHOD_ARN,
      identitySource: [`Bearer ${accessToken}`],
      routeKey: 'GET /orders',
      rawPath: '/orders',
      rawQueryString: '',
      headers: { authorization: `Bearer ${accessToken}` },
      requestContext: { accountId: '123456789012', apiId: 'abcdef123', stage: '$default' },
    };
    const answer = (await handler(event)) as APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;
    assert.equal(answer.isAuthorized, true);
    assert.equal(answer.context?.['cognito:groups'], '[admins editors]');
    assert.equal(answer.context?.exp, String(EXP));
    const jwtHandler = (e: APIGatewayProxyEventV2WithJWTAuthorizer) => e.requestContext.authorizer.jwt;
    const proxied = httpProxyEvent(answer.context);
    // What API Gateway sends (the Lambda authorizer's context under `lambda`) type-checks as the argument.
    const jwt = withCognitoClaims(jwtHandler)(proxied);
    assert.equal(jwt.claims.sub, SUB);
    assert.equal(jwt.claims.client_id, APP);
    assert.equal(jwt.claims['cognito:groups'], '[admins editors]');
    assert.deepEqual(jwt.scopes, ['openid', 'list-orders']);
  });

  test('cognitoDate writes what a Cognito authorizer writes for exp and iat', () => {
    assert.equal(cognitoDate(0), 'Thu Jan 01 00:00:00 UTC 1970');
    assert.equal(cognitoDate(EXP), 'Fri Dec 04 23:00:00 UTC 2026');
  });
});

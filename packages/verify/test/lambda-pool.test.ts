import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyWithCognitoAuthorizerEvent,
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
import { httpProxyEvent, restProxyEvent } from './support/lambda-events.js';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/GET/orders';
const APP = 'app1client1234567890abcdef';
const SUB = '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10';
const EXP = 1796425200; // Fri Dec 04 2026 23:00:00 UTC
const IAT = EXP - 3600;

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
    const event = restProxyEvent(answer);
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
    assert.equal(cognitoClaims(restProxyEvent(null)), undefined);
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

// Compiled by `tsc -b`: every `@ts-expect-error` below must meet a type error, or the build fails.
// So this file proves, against @types/aws-lambda (a devDependency only: the package's own types
// never name it), that each factory's handler can be assigned to its handler type, and not to
// the handler type of another event kind. At run time the same mismatches throw
// AuthorizerEventError (test/lambda-events.test.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type {
  APIGatewayAuthorizerHandler,
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2WithJWTAuthorizer,
  APIGatewayProxyWithCognitoAuthorizerHandler,
  APIGatewayProxyWithLambdaAuthorizerEvent,
  APIGatewayRequestAuthorizerHandler,
  APIGatewayRequestIAMAuthorizerHandlerV2,
  APIGatewayRequestSimpleAuthorizerHandlerV2,
  APIGatewayTokenAuthorizerHandler,
} from 'aws-lambda';
import { createVerifier } from '../src/index.js';
import {
  type AuthorizerContext,
  createHttpApiIamAuthorizer,
  createHttpApiSimpleAuthorizer,
  createLambdaAuthorizer,
  createRestRequestAuthorizer,
  createRestTokenAuthorizer,
  withCognitoClaims,
} from '../src/lambda.js';

const verifier = createVerifier({
  issuer: 'https://auth.example.com',
  audience: 'orders',
  revocation: false,
});

describe('types: each Lambda factory fits its @types/aws-lambda handler type, and only that one', () => {
  test('REST TOKEN', () => {
    const handler = createRestTokenAuthorizer(verifier, {
      scopes: (event) => (event.methodArn.includes('/GET/') ? ['list-orders'] : ['place-order']),
    });
    const token: APIGatewayTokenAuthorizerHandler = handler;
    // @ts-expect-error a TOKEN handler cannot answer a REQUEST authorizer
    const request: APIGatewayRequestAuthorizerHandler = handler;
    // @ts-expect-error nor an HTTP API (payload 2.0) authorizer
    const simple: APIGatewayRequestSimpleAuthorizerHandlerV2 = handler;
    // @ts-expect-error nor one with IAM responses: the v2 event has no methodArn
    const iam: APIGatewayRequestIAMAuthorizerHandlerV2 = handler;
    for (const h of [token, request, simple, iam]) assert.equal(typeof h, 'function');
  });

  test('REST REQUEST', () => {
    const handler = createRestRequestAuthorizer(verifier, {
      scopes: (event) => (event.httpMethod === 'GET' && event.resource === '/orders' ? ['list-orders'] : []),
    });
    const request: APIGatewayRequestAuthorizerHandler = handler;
    // @ts-expect-error a REQUEST handler cannot answer a TOKEN authorizer
    const token: APIGatewayTokenAuthorizerHandler = handler;
    // @ts-expect-error nor a v2 event, which has no methodArn to write a policy for
    const iam: APIGatewayRequestIAMAuthorizerHandlerV2 = handler;
    // @ts-expect-error nor a v2 event with simple responses
    const simple: APIGatewayRequestSimpleAuthorizerHandlerV2 = handler;
    for (const h of [token, request, simple, iam]) assert.equal(typeof h, 'function');
  });

  test('HTTP API payload 2.0, simple responses', () => {
    const handler = createHttpApiSimpleAuthorizer(verifier, {
      scopes: (event) => (event.routeKey.startsWith('GET ') ? ['list-orders'] : ['place-order']),
      onError: (error, event) => assert.ok(error instanceof Error && typeof event.routeArn === 'string'),
    });
    const simple: APIGatewayRequestSimpleAuthorizerHandlerV2 = handler;
    // @ts-expect-error a simple response is not an IAM policy
    const iam: APIGatewayRequestIAMAuthorizerHandlerV2 = handler;
    // @ts-expect-error a REST REQUEST event has no routeArn
    const request: APIGatewayRequestAuthorizerHandler = handler;
    // @ts-expect-error nor is it a TOKEN authorizer
    const token: APIGatewayTokenAuthorizerHandler = handler;
    for (const h of [token, request, simple, iam]) assert.equal(typeof h, 'function');
  });

  test('HTTP API payload 2.0, IAM policy responses', () => {
    const handler = createHttpApiIamAuthorizer(verifier, { scopes: ['list-orders'], logger: false });
    const iam: APIGatewayRequestIAMAuthorizerHandlerV2 = handler;
    // @ts-expect-error an IAM policy is not a simple response
    const simple: APIGatewayRequestSimpleAuthorizerHandlerV2 = handler;
    // @ts-expect-error a REST REQUEST event has no routeArn
    const request: APIGatewayRequestAuthorizerHandler = handler;
    for (const h of [request, simple, iam]) assert.equal(typeof h, 'function');
  });

  test('createLambdaAuthorizer: rest takes TOKEN and REQUEST, http takes payload 2.0', () => {
    const rest = createLambdaAuthorizer(verifier, { mode: 'rest' });
    const any: APIGatewayAuthorizerHandler = rest;
    const token: APIGatewayTokenAuthorizerHandler = rest;
    const request: APIGatewayRequestAuthorizerHandler = rest;
    // @ts-expect-error REST mode cannot answer a v2 event
    const restOnV2: APIGatewayRequestIAMAuthorizerHandlerV2 = rest;
    const http = createLambdaAuthorizer(verifier, { mode: 'http' });
    const simple: APIGatewayRequestSimpleAuthorizerHandlerV2 = http;
    // @ts-expect-error HTTP mode cannot answer a REST event
    const httpOnRest: APIGatewayRequestAuthorizerHandler = http;
    for (const h of [any, token, request, restOnV2, simple, httpOnRest]) assert.equal(typeof h, 'function');
  });

  test('misuse of the options does not compile', () => {
    // @ts-expect-error scopes are names, not one string
    const oneString = () => createRestTokenAuthorizer(verifier, { scopes: 'list-orders' });
    // @ts-expect-error a TOKEN event has no httpMethod to choose scopes by
    const byMethod = () => createRestTokenAuthorizer(verifier, { scopes: (e) => [e.httpMethod] });
    // @ts-expect-error the logger takes lines, warn and error
    const badLogger = () => createHttpApiSimpleAuthorizer(verifier, { logger: console.log });
    assert.throws(oneString, { name: 'TypeError', message: /scopes must be an array/ });
    assert.equal(typeof byMethod(), 'function');
    assert.throws(badLogger, { name: 'TypeError', message: /logger must have warn/ });
  });

  test('withCognitoClaims: a handler typed for Cognito runs behind the Lambda authorizer', () => {
    // Typed as @types/aws-lambda types a handler behind a Cognito (REST) or JWT (HTTP API) authorizer.
    const rest: APIGatewayProxyWithCognitoAuthorizerHandler = async (event) => ({
      statusCode: 200,
      body: JSON.stringify({
        sub: event.requestContext.authorizer.claims.sub,
        email: event.requestContext.authorizer.claims.email,
        username: event.requestContext.authorizer.claims['cognito:username'],
      }),
    });
    const http: APIGatewayProxyHandlerV2WithJWTAuthorizer = async (event) => ({
      statusCode: 200,
      body: event.requestContext.authorizer.jwt.claims.sub as string,
    });
    // Wrapped, each takes the event API Gateway sends behind a Lambda authorizer, and keeps
    // the context and callback parameters of the Lambda handler signature.
    const wrappedRest: (
      event: APIGatewayProxyWithLambdaAuthorizerEvent<AuthorizerContext>,
      ...rest: Parameters<APIGatewayProxyHandler> extends [unknown, ...infer R] ? R : never
    ) => ReturnType<APIGatewayProxyWithCognitoAuthorizerHandler> = withCognitoClaims(rest);
    const wrappedHttp: (
      event: APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>,
      ...rest: Parameters<APIGatewayProxyHandlerV2WithJWTAuthorizer> extends [unknown, ...infer R] ? R : never
    ) => ReturnType<APIGatewayProxyHandlerV2WithJWTAuthorizer> = withCognitoClaims(http);
    // Still a handler for the Cognito shape itself: a real Cognito authorizer's event passes as it is.
    const stillCognito: APIGatewayProxyWithCognitoAuthorizerHandler = withCognitoClaims(rest);
    const stillJwt: APIGatewayProxyHandlerV2WithJWTAuthorizer = withCognitoClaims(http);
    // @ts-expect-error a REST handler does not take an HTTP API event
    const crossed: (event: APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>) => unknown =
      withCognitoClaims(rest);
    for (const h of [wrappedRest, wrappedHttp, stillCognito, stillJwt, crossed]) {
      assert.equal(typeof h, 'function');
    }
  });

  test('the published declarations never name aws-lambda', () => {
    const dist = new URL('../src/', import.meta.url);
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.d.ts'))) {
      // TSDoc examples may show it; code (imports, `import()` types, `/// <reference>`) may not.
      const code = readFileSync(new URL(file, dist), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      assert.doesNotMatch(code, /aws-lambda/, file);
    }
  });
});

// API Gateway's events, shaped as the API Gateway developer guide shows them and typed by
// @types/aws-lambda: what an authorizer is invoked with, and what the integration behind it
// gets (the authorizer's answer put where API Gateway puts it).
import type {
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyWithLambdaAuthorizerEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import type { RefusalLine } from '../../src/index.js';
import type { AuthorizerContext, AuthorizerPolicyResult } from '../../src/lambda.js';

export const API = 'abcdef123';
export const METHOD_ARN = `arn:aws:execute-api:us-east-1:123456789012:${API}/test/GET/request`;

const identity = {
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
};

/** A REST API TOKEN authorizer event: the token source header's value and the method ARN. */
export function tokenEvent(authorization: string, methodArn = METHOD_ARN): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: authorization, methodArn };
}

/** A REST API REQUEST authorizer event. Header names keep the client's case. */
export function requestEvent(authorization?: string): APIGatewayRequestAuthorizerEvent {
  const headers: Record<string, string> = {
    'X-AMZ-Date': '20170718T062915Z',
    Accept: '*/*',
    'CloudFront-Viewer-Country': 'US',
    Host: `${API}.execute-api.us-east-1.amazonaws.com`,
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
    multiValueQueryStringParameters: { QueryString1: ['queryValue1'] },
    pathParameters: {},
    stageVariables: { StageVar1: 'stageValue1' },
    requestContext: {
      path: '/request',
      accountId: '123456789012',
      resourceId: '05c7jb',
      stage: 'test',
      requestId: '...',
      identity,
      resourcePath: '/request',
      httpMethod: 'GET',
      apiId: API,
      protocol: 'HTTP/1.1',
      requestTimeEpoch: 1796421600000,
      authorizer: undefined,
    },
  };
}

/** An HTTP API authorizer event with payload format 1.0: a REST REQUEST event plus `version`. */
export function httpV1Event(
  authorization: string,
): APIGatewayRequestAuthorizerEvent & Record<string, unknown> {
  return {
    ...requestEvent(authorization),
    version: '1.0',
    methodArn: `arn:aws:execute-api:us-east-1:123456789012:${API}/$default/GET/request`,
    identitySource: authorization,
    authorizationToken: authorization,
  };
}

/** An HTTP API authorizer event, payload format 2.0 (header names arrive lower-cased). */
export function httpEvent(authorization?: string): APIGatewayRequestAuthorizerEventV2 {
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
      apiId: API,
      domainName: `${API}.execute-api.us-east-1.amazonaws.com`,
      domainPrefix: API,
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

/**
 * The integration's event behind a REST API Lambda authorizer: the answer's context flat under
 * `requestContext.authorizer`, with API Gateway's own `principalId` and `integrationLatency`.
 * `null` there when no authorizer ran (which @types/aws-lambda's type leaves out).
 */
export function restProxyEvent(
  answer: { principalId: string; context?: AuthorizerContext | null } | null,
): APIGatewayProxyWithLambdaAuthorizerEvent<AuthorizerContext> {
  return {
    resource: '/request',
    path: '/request',
    httpMethod: 'GET',
    headers: { Host: `${API}.execute-api.us-east-1.amazonaws.com` },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: API,
      httpMethod: 'GET',
      path: '/test/request',
      protocol: 'HTTP/1.1',
      stage: 'test',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1796421600000,
      resourceId: '05c7jb',
      resourcePath: '/request',
      identity,
      authorizer: (answer === null
        ? null
        : { ...answer.context, principalId: answer.principalId, integrationLatency: 12 }) as never,
    },
  };
}

/** The integration's event behind an HTTP API Lambda authorizer (payload 2.0): context under `lambda`. */
export function httpProxyEvent(
  context: AuthorizerContext | undefined,
): APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext> {
  return {
    version: '2.0',
    routeKey: 'GET /request',
    rawPath: '/request',
    rawQueryString: '',
    headers: { host: `${API}.execute-api.us-east-1.amazonaws.com` },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: API,
      domainName: `${API}.execute-api.us-east-1.amazonaws.com`,
      domainPrefix: API,
      http: { method: 'GET', path: '/request', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'x' },
      requestId: 'id',
      routeKey: 'GET /request',
      stage: '$default',
      time: '05/Dec/2026:22:00:00 +0000',
      timeEpoch: 1796421600000,
      authorizer: { lambda: context ?? {} },
    },
  };
}

/** A logger that keeps its lines, by level. */
export function recordingLogger() {
  const lines: { level: 'warn' | 'error'; line: RefusalLine }[] = [];
  return {
    lines,
    warn: (line: RefusalLine) => void lines.push({ level: 'warn', line }),
    error: (line: RefusalLine) => void lines.push({ level: 'error', line }),
  };
}

/** The statements of a policy answer (an answer of any type, as the tests hold them). */
export const policyOf = (answer: unknown) => (answer as AuthorizerPolicyResult).policyDocument.Statement;

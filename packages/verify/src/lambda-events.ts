/** The API Gateway authorizer shapes this package reads and returns (no @types/aws-lambda needed). */

type Headers = Record<string, string | undefined> | null | undefined;

/** REST API, TOKEN authorizer: API Gateway passes the token source header value. */
export interface RestTokenAuthorizerEvent {
  type: 'TOKEN';
  authorizationToken: string;
  methodArn: string;
}

/** REST API, REQUEST authorizer (payload format 1.0). Header names keep the client's case. */
export interface RestRequestAuthorizerEvent {
  type: 'REQUEST';
  methodArn: string;
  resource?: string;
  path?: string;
  httpMethod?: string;
  headers?: Headers;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  pathParameters?: Record<string, string | undefined> | null;
  stageVariables?: Record<string, string | undefined> | null;
  requestContext?: Record<string, unknown>;
}

export type RestAuthorizerEvent = RestTokenAuthorizerEvent | RestRequestAuthorizerEvent;

/** HTTP API, REQUEST authorizer, payload format 2.0. Header names are lower case. */
export interface HttpApiAuthorizerEvent {
  version: '2.0';
  type: 'REQUEST';
  routeArn: string;
  identitySource?: string[] | null;
  routeKey?: string;
  rawPath?: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Headers;
  queryStringParameters?: Record<string, string | undefined> | null;
  requestContext?: Record<string, unknown>;
  pathParameters?: Record<string, string | undefined> | null;
  stageVariables?: Record<string, string | undefined> | null;
}

/** Values API Gateway passes on to the integration as `$context.authorizer.<key>`. */
export type AuthorizerContext = Record<string, string | number | boolean>;

/** A REST authorizer's answer: an IAM policy for the method, and context for the integration. */
export interface AuthorizerPolicyResult {
  principalId: string;
  policyDocument: {
    Version: '2012-10-17';
    Statement: { Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string }[];
  };
  context?: AuthorizerContext;
}

/** An HTTP API authorizer's simple response (enableSimpleResponses). */
export interface SimpleAuthorizerResult {
  isAuthorized: boolean;
  context?: AuthorizerContext;
}

/** Case-insensitive header lookup: REST events keep the client's header case. */
export function header(headers: Headers, name: string): string | undefined {
  if (!headers) return undefined;
  const exact = headers[name];
  if (exact !== undefined) return exact;
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

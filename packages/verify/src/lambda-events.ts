/**
 * The API Gateway authorizer shapes this package reads and returns. They are our own, so the
 * package needs no @types/aws-lambda, but each is written so that the matching @types/aws-lambda
 * event can be passed where it is read, and each answer can be returned where @types/aws-lambda
 * expects one (test/lambda-types.test.ts proves both).
 */

type Headers = Record<string, string | undefined> | null | undefined;
type Params = Record<string, string | undefined> | null;

/** REST API, TOKEN authorizer: API Gateway passes the token source header's value. */
export interface RestTokenAuthorizerEvent {
  type: 'TOKEN';
  authorizationToken: string;
  /** `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>` */
  methodArn: string;
}

/**
 * REST API REQUEST authorizer (and an HTTP API's authorizer with payload format 1.0, which
 * adds `version: '1.0'`). Header names keep the client's case.
 */
export interface RestRequestAuthorizerEvent {
  type: 'REQUEST';
  methodArn: string;
  /** The resource path template, e.g. `/orders/{id}`. */
  resource: string;
  path: string;
  httpMethod: string;
  /** `'1.0'` from an HTTP API; a REST API sends none. */
  version?: string;
  headers?: Headers;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Params;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  pathParameters?: Params;
  stageVariables?: Params;
  requestContext?: object | null;
}

export type RestAuthorizerEvent = RestTokenAuthorizerEvent | RestRequestAuthorizerEvent;

/** HTTP API REQUEST authorizer, payload format 2.0. Header names are lower case. */
export interface HttpApiAuthorizerEvent {
  /** Always `'2.0'`; typed `string` as @types/aws-lambda types it. */
  version: string;
  type: 'REQUEST';
  /** `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>` */
  routeArn: string;
  /** The identity sources' values; `null` or left out when none is configured. */
  identitySource?: string[] | null;
  /** `GET /orders/{id}`, or `$default`. */
  routeKey: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Headers;
  queryStringParameters?: Params | undefined;
  /** `requestContext.http.method` is the request's method. */
  requestContext?: object | null;
  pathParameters?: Params | undefined;
  stageVariables?: Params | undefined;
}

/** Values API Gateway passes on to the integration as `$context.authorizer.<key>`. */
export type AuthorizerContext = Record<string, string | number | boolean>;

/** One IAM statement: invoke exactly the method (REST) or route (HTTP API) that asked. */
export interface InvokeStatement {
  Action: 'execute-api:Invoke';
  Effect: 'Allow' | 'Deny';
  Resource: string;
}

/**
 * An IAM policy answer (REST API; HTTP API without simple responses): the policy for the
 * method or route, and context for the integration.
 */
export interface AuthorizerPolicyResult {
  principalId: string;
  policyDocument: { Version: '2012-10-17'; Statement: InvokeStatement[] };
  context?: AuthorizerContext;
}

/** An HTTP API authorizer's simple response (`enableSimpleResponses`). */
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

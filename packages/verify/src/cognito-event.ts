/**
 * The handler side of the Lambda authorizer: API Gateway hands a Lambda authorizer's context
 * to the integration flat, where a Cognito user-pool authorizer puts the claims under
 * `claims` (REST) or `jwt.claims` (HTTP API). These helpers put them back where code written
 * for Cognito reads them.
 */

/** The part of a REST (payload 1.0) or HTTP API (payload 2.0) proxy event these helpers read. */
export interface ProxyEventWithAuthorizer {
  version?: string;
  requestContext?: { authorizer?: object | null } | null;
}

/**
 * The event a wrapped handler is called with: the handler's own event type, whatever the
 * authorizer part holds (the Lambda authorizer's flat context, or `lambda`).
 */
export type WithAnyAuthorizer<E> = E extends { requestContext: infer C }
  ? Omit<E, 'requestContext'> & { requestContext: Omit<C, 'authorizer'> & { authorizer?: unknown } }
  : E;

/** What API Gateway adds to a Lambda authorizer's context in a REST API; not claims. */
const REST_EXTRAS = new Set(['principalId', 'integrationLatency', 'claims']);

function strings(source: Record<string, unknown>, skip?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (skip?.has(key) || value === undefined || value === null || typeof value === 'object') continue;
    out[key] = String(value);
  }
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The token's claims, as strings, from wherever the authorizer in front put them: a Cognito
 * authorizer's `claims` or `jwt.claims`, or this package's Lambda authorizer's context
 * (`authorizer.*` in a REST API, `authorizer.lambda.*` in an HTTP API). `undefined` when the
 * request passed no authorizer.
 *
 * @example
 * ```ts
 * import type { APIGatewayProxyHandler } from 'aws-lambda';
 * import { cognitoClaims } from '@gatehouse/verify/lambda';
 *
 * export const handler: APIGatewayProxyHandler = async (event) => {
 *   const claims = cognitoClaims(event);
 *   return { statusCode: 200, body: `hello ${claims?.['cognito:username']}` };
 * };
 * ```
 */
export function cognitoClaims(event: ProxyEventWithAuthorizer): Record<string, string> | undefined {
  const authorizer = event.requestContext?.authorizer;
  if (!isRecord(authorizer)) return undefined;
  if (isRecord(authorizer.claims)) return strings(authorizer.claims);
  if (isRecord(authorizer.jwt) && isRecord(authorizer.jwt.claims)) return strings(authorizer.jwt.claims);
  if (isRecord(authorizer.lambda)) return strings(authorizer.lambda);
  const claims = strings(authorizer, REST_EXTRAS);
  return Object.keys(claims).length === 0 ? undefined : claims;
}

/**
 * Wraps a handler written for a Cognito user-pool authorizer so it runs unchanged behind this
 * package's Lambda authorizer: a REST event (payload 1.0) gets `requestContext.authorizer.claims`,
 * an HTTP API event (payload 2.0) gets `requestContext.authorizer.jwt = { claims, scopes }`.
 * The event passed in is not modified; an event that already has them passes as it is.
 *
 * @example
 * ```ts
 * import type { APIGatewayProxyWithCognitoAuthorizerHandler } from 'aws-lambda';
 * import { withCognitoClaims } from '@gatehouse/verify/lambda';
 *
 * const userInfo: APIGatewayProxyWithCognitoAuthorizerHandler = async (event) => {
 *   const { claims } = event.requestContext.authorizer;
 *   const info = { sub: claims.sub, email: claims.email, name: claims['cognito:username'] };
 *   return { statusCode: 200, body: JSON.stringify(info) };
 * };
 *
 * export const handler = withCognitoClaims(userInfo);
 * ```
 */
export function withCognitoClaims<E extends ProxyEventWithAuthorizer, A extends unknown[], R>(
  handler: (event: E, ...rest: A) => R,
): (event: WithAnyAuthorizer<E>, ...rest: A) => R {
  if (typeof handler !== 'function') throw new TypeError('withCognitoClaims: pass the handler function');
  return (event, ...rest) => handler(withClaims(event as unknown as E), ...rest);
}

function withClaims<E extends ProxyEventWithAuthorizer>(event: E): E {
  const authorizer = event.requestContext?.authorizer;
  if (!isRecord(authorizer) || isRecord(authorizer.claims) || isRecord(authorizer.jwt)) return event;
  const claims = cognitoClaims(event);
  if (claims === undefined) return event;
  const added =
    event.version === '2.0'
      ? { jwt: { claims, scopes: claims.scope ? claims.scope.split(' ').filter(Boolean) : null } }
      : { claims };
  return {
    ...event,
    requestContext: { ...event.requestContext, authorizer: { ...authorizer, ...added } },
  };
}

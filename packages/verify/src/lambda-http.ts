import type { AnyVerifiedClaims } from './claims.js';
import { cognitoStringClaims } from './cognito-claims.js';
import { acceptHttpApiEvent, arnRequest } from './lambda-event-check.js';
import { type AuthorizerKind, type LambdaAuthorizerOptions, makeAuthorizer } from './lambda-authorize.js';
import {
  type AuthorizerPolicyResult,
  header,
  type HttpApiAuthorizerEvent,
  type SimpleAuthorizerResult,
} from './lambda-events.js';
import { policy } from './lambda-rest.js';
import type { Verifier } from './verifier.js';

/** `requestContext.http.method` and `rawPath`, or what the route ARN says. */
function where(event: HttpApiAuthorizerEvent): { method?: string; path?: string } {
  const http = (event.requestContext as { http?: { method?: unknown } } | null | undefined)?.http;
  if (typeof http?.method === 'string' && typeof event.rawPath === 'string') {
    return { method: http.method, path: event.rawPath };
  }
  return arnRequest(event.routeArn);
}

/** An HTTP API (payload format 2.0) event read, and answered by `answer`. */
function httpKind<R>(
  name: string,
  answer: AuthorizerKind<HttpApiAuthorizerEvent, R>['answer'],
): AuthorizerKind<HttpApiAuthorizerEvent, R> {
  return {
    accept: (event) => acceptHttpApiEvent(name, event),
    // Without headers (a console test, say) the identity source carries the value.
    authorization: (event) => header(event.headers, 'authorization') ?? event.identitySource?.[0],
    where,
    unauthorizedStatus: 403,
    answer,
  };
}

/**
 * An HTTP API authorizer, payload format 2.0 with simple responses (`enableSimpleResponses`),
 * typed to be assigned to @types/aws-lambda's `APIGatewayRequestSimpleAuthorizerHandlerV2`.
 *
 * - A valid token: `{ isAuthorized: true, context }`, the token's claims as strings (lists
 *   written `[a b]`, as an HTTP API's JWT authorizer writes them); the integration finds them
 *   under `event.requestContext.authorizer.lambda`.
 * - Any other token, or none: `{ isAuthorized: false }` (API Gateway answers 403; a request
 *   without the identity source gets API Gateway's own 401 before the Lambda runs).
 * - Keys or revocation list unavailable: rethrows the `VerifyError` (500).
 * - A REST API event (TOKEN, REQUEST, or HTTP API payload 1.0): throws `AuthorizerEventError` (500).
 *
 * Each refusal calls `onError(error, event)` and logs one line through `logger` (status 403 or 500).
 *
 * @example
 * ```ts
 * import type { APIGatewayRequestSimpleAuthorizerHandlerV2 } from 'aws-lambda';
 * import { createVerifier } from '@gatehouse/verify';
 * import { createHttpApiSimpleAuthorizer } from '@gatehouse/verify/lambda';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * export const handler: APIGatewayRequestSimpleAuthorizerHandlerV2 = createHttpApiSimpleAuthorizer(verifier, {
 *   scopes: (event) => (event.routeKey.startsWith('GET ') ? ['list-orders'] : ['place-order']),
 * });
 * ```
 */
export function createHttpApiSimpleAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options?: LambdaAuthorizerOptions<HttpApiAuthorizerEvent>,
): (event: HttpApiAuthorizerEvent) => Promise<SimpleAuthorizerResult> {
  return simpleAuthorizer('createHttpApiSimpleAuthorizer', verifier, options);
}

/**
 * An HTTP API authorizer, payload format 2.0 with IAM policy responses (simple responses off),
 * typed to be assigned to @types/aws-lambda's `APIGatewayRequestIAMAuthorizerHandlerV2`.
 *
 * - A valid token: `Allow` `execute-api:Invoke` on `event.routeArn`, `principalId` and
 *   `context` as with `createRestTokenAuthorizer` (lists written `[a b]`).
 * - Any other token, or none: `Deny` on `event.routeArn` (API Gateway answers 403).
 * - Keys or revocation list unavailable: rethrows the `VerifyError` (500).
 * - A REST API event: throws `AuthorizerEventError` (500), never a policy without a resource.
 *
 * @example
 * ```ts
 * import type { APIGatewayRequestIAMAuthorizerHandlerV2 } from 'aws-lambda';
 * import { createVerifier } from '@gatehouse/verify';
 * import { createHttpApiIamAuthorizer } from '@gatehouse/verify/lambda';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * export const handler: APIGatewayRequestIAMAuthorizerHandlerV2 = createHttpApiIamAuthorizer(verifier, {
 *   scopes: ['list-orders'],
 * });
 * ```
 */
export function createHttpApiIamAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options?: LambdaAuthorizerOptions<HttpApiAuthorizerEvent>,
): (event: HttpApiAuthorizerEvent) => Promise<AuthorizerPolicyResult> {
  const name = 'createHttpApiIamAuthorizer';
  return makeAuthorizer(
    name,
    verifier,
    options,
    httpKind(name, (event, decision) =>
      decision.allow
        ? policy(decision.principalId, 'Allow', event.routeArn, cognitoStringClaims(decision.claims, 'http'))
        : policy(decision.principalId, 'Deny', event.routeArn),
    ),
  );
}

/** Simple responses, with `name` in messages (`createLambdaAuthorizer`'s `mode: 'http'` too). */
export function simpleAuthorizer(
  name: string,
  verifier: Verifier<AnyVerifiedClaims>,
  options: LambdaAuthorizerOptions<HttpApiAuthorizerEvent> | undefined,
): (event: HttpApiAuthorizerEvent) => Promise<SimpleAuthorizerResult> {
  return makeAuthorizer(
    name,
    verifier,
    options,
    httpKind(name, (_event, decision) =>
      decision.allow
        ? { isAuthorized: true, context: cognitoStringClaims(decision.claims, 'http') }
        : { isAuthorized: false },
    ),
  );
}

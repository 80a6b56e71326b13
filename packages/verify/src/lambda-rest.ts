import type { AnyVerifiedClaims } from './claims.js';
import { cognitoStringClaims } from './cognito-claims.js';
import { acceptRequestEvent, acceptRestEvent, acceptTokenEvent, arnRequest } from './lambda-event-check.js';
import { type AuthorizerKind, type LambdaAuthorizerOptions, makeAuthorizer } from './lambda-authorize.js';
import {
  type AuthorizerContext,
  type AuthorizerPolicyResult,
  header,
  type RestAuthorizerEvent,
  type RestRequestAuthorizerEvent,
  type RestTokenAuthorizerEvent,
} from './lambda-events.js';
import type { Verifier } from './verifier.js';

/** An IAM policy for exactly the method (or route) that asked. */
export function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context?: AuthorizerContext,
): AuthorizerPolicyResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context === undefined ? {} : { context }),
  };
}

/** A REST API's reading and answer, for TOKEN, REQUEST, or either (`accept` decides). */
export function restKind<E extends RestAuthorizerEvent>(
  accept: (event: unknown) => E,
): AuthorizerKind<E, AuthorizerPolicyResult> {
  return {
    accept,
    authorization: (event) =>
      event.type === 'TOKEN' ? event.authorizationToken : header(event.headers, 'authorization'),
    where: (event) =>
      event.type === 'REQUEST' && typeof event.httpMethod === 'string' && typeof event.path === 'string'
        ? { method: event.httpMethod, path: event.path }
        : arnRequest(event.methodArn),
    unauthorizedStatus: 401,
    answer(event, decision) {
      if (!decision.allow) return policy(decision.principalId, 'Deny', event.methodArn);
      return policy(
        decision.principalId,
        'Allow',
        event.methodArn,
        cognitoStringClaims(decision.claims, 'rest'),
      );
    },
  };
}

/**
 * A REST API TOKEN authorizer (IAM policy responses), typed to be assigned to
 * @types/aws-lambda's `APIGatewayTokenAuthorizerHandler`.
 *
 * - A valid token: `Allow` `execute-api:Invoke` on `event.methodArn`, `principalId` = the
 *   client (machine token) or the person (`sub`, pool token), and `context` = the token's
 *   claims as strings, as API Gateway's Cognito authorizer writes them.
 * - A token lacking a scope, or from a client the verifier does not allow: `Deny` (403).
 * - A missing, malformed, expired, … token: throws `Error('Unauthorized')` (401).
 * - Keys or revocation list unavailable: rethrows the `VerifyError` (500, nothing cached).
 * - An event that is not a TOKEN authorizer event (a REQUEST or HTTP API event): throws
 *   `AuthorizerEventError` (500), never a policy.
 *
 * Each refusal calls `onError(error, event)` and logs one line through `logger` (status 401,
 * 403 or 500). Create the verifier and the handler outside the handler function, so warm
 * invocations reuse the key cache.
 *
 * @example
 * ```ts
 * import type { APIGatewayTokenAuthorizerHandler } from 'aws-lambda';
 * import { createVerifier } from '@gatehouse/verify';
 * import { createRestTokenAuthorizer } from '@gatehouse/verify/lambda';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * export const handler: APIGatewayTokenAuthorizerHandler = createRestTokenAuthorizer(verifier, {
 *   scopes: (event) => (event.methodArn.includes('/GET/') ? ['list-orders'] : ['place-order']),
 * });
 * ```
 */
export function createRestTokenAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options?: LambdaAuthorizerOptions<RestTokenAuthorizerEvent>,
): (event: RestTokenAuthorizerEvent) => Promise<AuthorizerPolicyResult> {
  const name = 'createRestTokenAuthorizer';
  return makeAuthorizer(
    name,
    verifier,
    options,
    restKind((event) => acceptTokenEvent(name, event)),
  );
}

/**
 * A REST API REQUEST authorizer (IAM policy responses) reading the `Authorization` header, typed
 * to be assigned to @types/aws-lambda's `APIGatewayRequestAuthorizerHandler`. It also answers an
 * HTTP API authorizer with payload format 1.0. Answers as `createRestTokenAuthorizer`; `scopes`
 * can be a function of the whole request (`event.httpMethod`, `event.resource`, …).
 *
 * An HTTP API event with payload format 2.0 (which has no `methodArn`) or a TOKEN event
 * throws `AuthorizerEventError` (500), never a policy.
 *
 * @example
 * ```ts
 * import type { APIGatewayRequestAuthorizerHandler } from 'aws-lambda';
 * import { createVerifier } from '@gatehouse/verify';
 * import { createRestRequestAuthorizer } from '@gatehouse/verify/lambda';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * export const handler: APIGatewayRequestAuthorizerHandler = createRestRequestAuthorizer(verifier, {
 *   scopes: (event) => (event.httpMethod === 'GET' ? ['list-orders'] : ['place-order']),
 * });
 * ```
 */
export function createRestRequestAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options?: LambdaAuthorizerOptions<RestRequestAuthorizerEvent>,
): (event: RestRequestAuthorizerEvent) => Promise<AuthorizerPolicyResult> {
  const name = 'createRestRequestAuthorizer';
  return makeAuthorizer(
    name,
    verifier,
    options,
    restKind((event) => acceptRequestEvent(name, event)),
  );
}

/** TOKEN or REQUEST, whichever comes: what `createLambdaAuthorizer`'s `mode: 'rest'` has always done. */
export function createRestAuthorizer(
  name: string,
  verifier: Verifier<AnyVerifiedClaims>,
  options: LambdaAuthorizerOptions<RestAuthorizerEvent> | undefined,
): (event: RestAuthorizerEvent) => Promise<AuthorizerPolicyResult> {
  return makeAuthorizer(
    name,
    verifier,
    options,
    restKind((event) => acceptRestEvent(name, event)),
  );
}

import { bearerToken } from './bearer.js';
import type { AnyVerifiedClaims } from './claims.js';
import { authorizerContext, isPoolToken } from './cognito-claims.js';
import { VerifyError } from './errors.js';
import {
  type AuthorizerContext,
  type AuthorizerPolicyResult,
  header,
  type HttpApiAuthorizerEvent,
  type RestAuthorizerEvent,
  type SimpleAuthorizerResult,
} from './lambda-events.js';
import type { Verifier } from './verifier.js';

export type * from './lambda-events.js';
export { type ClaimsStyle, cognitoDate, cognitoStringClaims } from './cognito-claims.js';
export * from './cognito-event.js';

/** Scopes for every request, or per request (e.g. by `event.httpMethod` and `event.resource`). */
export type ScopesFor<E> = readonly string[] | ((event: E) => readonly string[] | undefined);

export interface RestAuthorizerOptions {
  mode: 'rest';
  scopes?: ScopesFor<RestAuthorizerEvent>;
}

export interface HttpAuthorizerOptions {
  mode: 'http';
  scopes?: ScopesFor<HttpApiAuthorizerEvent>;
}

type Outcome =
  | { kind: 'allow'; claims: AnyVerifiedClaims }
  | { kind: 'deny'; principalId: string }
  | { kind: 'unauthorized' };

/** Who the policy is for: the person (`sub`) for a pool token, the client for a machine token. */
function principal(claims: AnyVerifiedClaims): string {
  return (isPoolToken(claims) ? claims.sub : claims.client_id) as string;
}

async function decide(
  verifier: Verifier<AnyVerifiedClaims>,
  authorization: string | undefined,
  scopes: readonly string[] | undefined,
): Promise<Outcome> {
  let claims: AnyVerifiedClaims;
  try {
    claims = await verifier.verify(bearerToken(authorization));
  } catch (error) {
    if (
      !(error instanceof VerifyError) ||
      error.code === 'ERR_JWKS_UNAVAILABLE' ||
      error.code === 'ERR_REVOCATION_STALE'
    ) {
      throw error;
    }
    if (error.code === 'ERR_INSUFFICIENT_SCOPE' || error.code === 'ERR_CLIENT_NOT_ALLOWED') {
      const actual = error.code === 'ERR_CLIENT_NOT_ALLOWED' ? error.failedAssertion?.actual : undefined;
      return { kind: 'deny', principalId: typeof actual === 'string' ? actual : 'anonymous' };
    }
    return { kind: 'unauthorized' };
  }
  // Route scopes are checked here rather than in verify(), so a Deny can still name the client.
  if (scopes !== undefined && !scopes.every((s) => claims.scopes.includes(s))) {
    return { kind: 'deny', principalId: principal(claims) };
  }
  return { kind: 'allow', claims };
}

function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  ctx?: AuthorizerContext,
): AuthorizerPolicyResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(ctx === undefined ? {} : { context: ctx }),
  };
}

/**
 * An AWS Lambda authorizer handler for API Gateway.
 *
 * `mode: 'rest'` (REST API, TOKEN or REQUEST authorizer, IAM policy responses): a valid token
 * gets an `Allow` policy for `event.methodArn`, `principalId` = client_id and context
 * `{ client_id, scope }`; a token lacking a scope (or a client outside `clientIds`) gets `Deny`
 * (API Gateway answers 403); a missing or invalid token throws `Error('Unauthorized')`, which
 * API Gateway turns into 401.
 *
 * `mode: 'http'` (HTTP API, payload format 2.0, simple responses): `{ isAuthorized: true,
 * context: { client_id, scope } }` or `{ isAuthorized: false }` (API Gateway answers 403; a
 * request without the identity source header gets API Gateway's own 401 before the Lambda runs).
 *
 * With a pool verifier (`tokenUse: 'id' | 'access' | null`) the answer is about a person:
 * `principalId` = `sub`, and the context holds every claim of the token as a string, written
 * the way API Gateway's Cognito authorizer writes them (see `cognitoStringClaims`). API Gateway
 * hands a Lambda authorizer's context to the integration flat (`requestContext.authorizer.sub`
 * in a REST API, `requestContext.authorizer.lambda.sub` in an HTTP API), never under
 * `claims`: wrap a handler written for a Cognito authorizer in `withCognitoClaims` and it finds
 * them where it looks (`requestContext.authorizer.claims`, or `.jwt.claims` and `.jwt.scopes`).
 *
 * When the issuer's keys cannot be loaded, or its revocation list is stale, the handler rethrows
 * ERR_JWKS_UNAVAILABLE or ERR_REVOCATION_STALE, which API Gateway answers with 500 and does not cache. Create the verifier (and the handler) outside
 * the handler function, so warm invocations reuse the key cache.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@gatehouse/verify';
 * import { createLambdaAuthorizer } from '@gatehouse/verify/lambda';
 *
 * const verifier = createVerifier({ issuer: process.env.ISSUER!, audience: 'lj-health-food' });
 * export const handler = createLambdaAuthorizer(verifier, { mode: 'rest', scopes: ['place-order'] });
 * ```
 */
export function createLambdaAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options: RestAuthorizerOptions,
): (event: RestAuthorizerEvent) => Promise<AuthorizerPolicyResult>;
export function createLambdaAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options: HttpAuthorizerOptions,
): (event: HttpApiAuthorizerEvent) => Promise<SimpleAuthorizerResult>;
export function createLambdaAuthorizer(
  verifier: Verifier<AnyVerifiedClaims>,
  options: RestAuthorizerOptions | HttpAuthorizerOptions,
):
  | ((event: RestAuthorizerEvent) => Promise<AuthorizerPolicyResult>)
  | ((event: HttpApiAuthorizerEvent) => Promise<SimpleAuthorizerResult>) {
  if (typeof verifier?.verify !== 'function')
    throw new TypeError('createLambdaAuthorizer: the first argument must be a verifier');
  if (options?.mode !== 'rest' && options?.mode !== 'http') {
    throw new TypeError(`createLambdaAuthorizer: mode must be 'rest' or 'http'`);
  }
  const { scopes } = options;
  if (scopes !== undefined && typeof scopes !== 'function' && !Array.isArray(scopes)) {
    throw new TypeError('createLambdaAuthorizer: scopes must be an array or a function of the event');
  }
  const scopesFor = <E>(event: E): readonly string[] | undefined =>
    typeof scopes === 'function'
      ? (scopes as (e: E) => readonly string[] | undefined)(event)
      : (scopes as readonly string[] | undefined);

  if (options.mode === 'rest') {
    return async (event: RestAuthorizerEvent): Promise<AuthorizerPolicyResult> => {
      const authorization =
        event.type === 'TOKEN' ? event.authorizationToken : header(event.headers, 'authorization');
      const outcome = await decide(verifier, authorization, scopesFor(event));
      if (outcome.kind === 'unauthorized') throw new Error('Unauthorized');
      if (outcome.kind === 'deny') return policy(outcome.principalId, 'Deny', event.methodArn);
      return policy(
        principal(outcome.claims),
        'Allow',
        event.methodArn,
        authorizerContext(outcome.claims, 'rest'),
      );
    };
  }
  return async (event: HttpApiAuthorizerEvent): Promise<SimpleAuthorizerResult> => {
    const authorization = header(event.headers, 'authorization') ?? event.identitySource?.[0];
    const outcome = await decide(verifier, authorization, scopesFor(event));
    if (outcome.kind !== 'allow') return { isAuthorized: false };
    return { isAuthorized: true, context: authorizerContext(outcome.claims, 'http') };
  };
}

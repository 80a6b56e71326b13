import type { AnyVerifiedClaims } from './claims.js';
import type { LambdaAuthorizerOptions } from './lambda-authorize.js';
import type {
  AuthorizerPolicyResult,
  HttpApiAuthorizerEvent,
  RestAuthorizerEvent,
  SimpleAuthorizerResult,
} from './lambda-events.js';
import { simpleAuthorizer } from './lambda-http.js';
import { createRestAuthorizer } from './lambda-rest.js';
import type { Verifier } from './verifier.js';

export type * from './lambda-events.js';
export type { LambdaAuthorizerOptions, ScopesFor } from './lambda-authorize.js';
export { AuthorizerEventError } from './lambda-event-check.js';
export { createRestRequestAuthorizer, createRestTokenAuthorizer } from './lambda-rest.js';
export { createHttpApiIamAuthorizer, createHttpApiSimpleAuthorizer } from './lambda-http.js';
export { type ClaimsStyle, cognitoDate, cognitoStringClaims } from './cognito-claims.js';
export * from './cognito-event.js';

/**
 * `createLambdaAuthorizer`'s options for a REST API (TOKEN or REQUEST authorizer).
 *
 * @example
 * ```ts
 * import type { RestAuthorizerOptions } from '@gatehouse/verify/lambda';
 *
 * const options: RestAuthorizerOptions = { mode: 'rest', scopes: ['place-order'] };
 * ```
 */
export interface RestAuthorizerOptions extends LambdaAuthorizerOptions<RestAuthorizerEvent> {
  mode: 'rest';
}

/**
 * `createLambdaAuthorizer`'s options for an HTTP API (payload format 2.0, simple responses).
 *
 * @example
 * ```ts
 * import type { HttpAuthorizerOptions } from '@gatehouse/verify/lambda';
 *
 * const options: HttpAuthorizerOptions = { mode: 'http', scopes: ['place-order'], logger: false };
 * ```
 */
export interface HttpAuthorizerOptions extends LambdaAuthorizerOptions<HttpApiAuthorizerEvent> {
  mode: 'http';
}

/**
 * An AWS Lambda authorizer handler for API Gateway, by mode. The typed factories say more and
 * fit @types/aws-lambda's handler types one to one; this stays for existing set-ups.
 *
 * - `mode: 'rest'`: a REST API TOKEN or REQUEST authorizer (IAM policy responses), answered as
 *   `createRestTokenAuthorizer` and `createRestRequestAuthorizer` answer: `Allow` or `Deny` on
 *   `event.methodArn`, `Error('Unauthorized')` (401) for a missing or bad token.
 * - `mode: 'http'`: an HTTP API authorizer, payload format 2.0 with simple responses, answered
 *   as `createHttpApiSimpleAuthorizer` answers.
 *
 * Either way the context carries the token's claims as strings, in the way API Gateway's
 * Cognito authorizer writes them (`principalId`: the client, or the person's `sub`); wrap a
 * handler written for a Cognito authorizer in `withCognitoClaims` and it finds them under
 * `requestContext.authorizer.claims`. An event of the other mode throws `AuthorizerEventError`
 * (500), keys or revocation list unavailable rethrow their `VerifyError` (500), and every
 * refusal calls `onError(error, event)` and logs one line through `logger`. Create the verifier
 * (and the handler) outside the handler function, so warm invocations reuse the key cache.
 *
 * @example
 * ```ts
 * import { createVerifier } from '@gatehouse/verify';
 * import { createLambdaAuthorizer } from '@gatehouse/verify/lambda';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'lj-health-food' });
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
  const name = 'createLambdaAuthorizer';
  if (options?.mode !== 'rest' && options?.mode !== 'http') {
    throw new TypeError(`${name}: mode must be 'rest' or 'http'`);
  }
  const { mode, ...shared } = options;
  return mode === 'rest'
    ? createRestAuthorizer(name, verifier, shared as LambdaAuthorizerOptions<RestAuthorizerEvent>)
    : simpleAuthorizer(name, verifier, shared as LambdaAuthorizerOptions<HttpApiAuthorizerEvent>);
}

import { bearerToken } from './bearer.js';
import type { AnyVerifiedClaims } from './claims.js';
import { isPoolToken } from './cognito-claims.js';
import { VerifyError } from './errors.js';
import { toHttpError } from './http-error.js';
import { checkRefusalOptions, type RefusalOptions, reportRefusal } from './refusal.js';
import type { Verifier } from './verifier.js';

/** Scopes for every request, or per request (e.g. by `event.httpMethod` and `event.resource`). */
export type ScopesFor<E> = readonly string[] | ((event: E) => readonly string[] | undefined);

/**
 * What every authorizer factory takes: the scopes a request needs, a hook that sees each
 * refusal, and where its one log line goes. `onError(error, event)` gets the event as the
 * handler got it: for an `AuthorizerEventError` that is an event of another kind than `E`.
 *
 * @example
 * ```ts
 * import type { LambdaAuthorizerOptions, RestRequestAuthorizerEvent } from '@gatehouse/verify/lambda';
 *
 * const options: LambdaAuthorizerOptions<RestRequestAuthorizerEvent> = {
 *   scopes: (event) => (event.httpMethod === 'GET' ? ['list-orders'] : ['place-order']),
 *   onError: (error, event) => console.warn(event.path, error.message),
 *   logger: false,
 * };
 * ```
 */
export interface LambdaAuthorizerOptions<E> extends RefusalOptions<E> {
  /** Scopes the token must carry, on top of the verifier's `requiredScopes`. */
  scopes?: ScopesFor<E>;
}

/** What the handler decided; each factory writes it in its event kind's answer. */
export type Decision =
  | { allow: true; principalId: string; claims: AnyVerifiedClaims }
  /** `status`: 401 (no or bad token) or 403 (the token lacks a scope, or its client is not allowed). */
  | { allow: false; principalId: string; status: 401 | 403 };

/** How one event kind is read and answered. */
export interface AuthorizerKind<E, R> {
  /** The event, checked to be of this kind; anything else throws `AuthorizerEventError`. */
  accept(event: unknown): E;
  authorization(event: E): string | undefined;
  /** For the log line: the request's method and path. */
  where(event: E): { method?: string; path?: string };
  /**
   * What a missing or bad token gets: 401 (REST: the handler throws `Error('Unauthorized')`)
   * or 403 (HTTP API: `answer` writes the refusal, `isAuthorized: false` or `Deny`).
   */
  unauthorizedStatus: 401 | 403;
  /** Allow, or a refusal `answer` writes (with REST, only 403 decisions reach it). */
  answer(event: E, decision: Decision): R;
}

/** Who the policy is for: the person (`sub`) for a pool token, the client for a machine token. */
function principal(claims: AnyVerifiedClaims): string {
  return (isPoolToken(claims) ? claims.sub : claims.client_id) as string;
}

/** The client a verified token names, for the log line (as the verifier names it on its errors). */
function clientOf(claims: AnyVerifiedClaims): string | undefined {
  if (typeof claims.client_id === 'string') return claims.client_id;
  return typeof claims.aud === 'string' ? claims.aud : undefined;
}

/** The route's scopes, checked here rather than in verify(), so a Deny can still name whom it is for. */
function missingScope(claims: AnyVerifiedClaims, scopes: readonly string[]): VerifyError | undefined {
  const missing = scopes.filter((s) => !claims.scopes.includes(s));
  if (missing.length === 0) return undefined;
  const clientId = clientOf(claims);
  return new VerifyError(
    'ERR_INSUFFICIENT_SCOPE',
    `the token lacks the required scope(s): ${missing.join(' ')}`,
    { claim: 'scope', actual: claims.scopes, expected: [...scopes] },
    clientId === undefined ? undefined : { clientId },
  );
}

/** A refused token's principal: the client when the verifier could name it. */
function refusedPrincipal(error: unknown): string {
  if (!(error instanceof VerifyError)) return 'anonymous';
  const actual = error.code === 'ERR_CLIENT_NOT_ALLOWED' ? error.failedAssertion?.actual : undefined;
  return error.clientId ?? (typeof actual === 'string' ? actual : 'anonymous');
}

function checkScopesOption(name: string, scopes: unknown): void {
  if (scopes === undefined || typeof scopes === 'function') return;
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || s === '' || /\s/.test(s))) {
    throw new TypeError(`${name}: scopes must be an array of scope names or a function of the event`);
  }
}

/**
 * The one authorizer every factory is: check the event's kind, verify the bearer token, check
 * the scopes, report each refusal once (`onError`, then one line through `logger`), answer.
 * A missing or bad token and a Deny are answers; an event of the wrong kind, keys or
 * revocation list unavailable, or anything unexpected is reported with status 500 and thrown,
 * so API Gateway answers 500 and caches nothing.
 */
export function makeAuthorizer<E, R>(
  name: string,
  verifier: Verifier<AnyVerifiedClaims>,
  options: LambdaAuthorizerOptions<E> | undefined,
  kind: AuthorizerKind<E, R>,
): (event: E) => Promise<R> {
  if (typeof verifier?.verify !== 'function') {
    throw new TypeError(`${name}: the first argument must be a verifier`);
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${name}: options must be an object`);
  }
  const opts: LambdaAuthorizerOptions<E> = options ?? {};
  checkScopesOption(name, opts.scopes);
  checkRefusalOptions(name, opts as RefusalOptions<never>);
  const { scopes } = opts;

  async function decide(event: E, where: { method?: string; path?: string }): Promise<Decision> {
    let claims: AnyVerifiedClaims;
    try {
      claims = await verifier.verify(bearerToken(kind.authorization(event)));
    } catch (error) {
      const { status } = toHttpError(error);
      if (status !== 401 && status !== 403) throw error;
      const answered = status === 401 ? kind.unauthorizedStatus : 403;
      reportRefusal(opts, error, answered, 'lambda', event, where);
      return { allow: false, principalId: refusedPrincipal(error), status };
    }
    const required = typeof scopes === 'function' ? scopes(event) : scopes;
    const lacking = required === undefined ? undefined : missingScope(claims, required);
    if (lacking !== undefined) {
      reportRefusal(opts, lacking, 403, 'lambda', event, where);
      return { allow: false, principalId: principal(claims), status: 403 };
    }
    return { allow: true, principalId: principal(claims), claims };
  }

  return async (input: E): Promise<R> => {
    let where: { method?: string; path?: string } = {};
    let decision: Decision;
    try {
      const event = kind.accept(input);
      where = kind.where(event);
      decision = await decide(event, where);
      if (decision.allow || decision.status === 403 || kind.unauthorizedStatus === 403) {
        return kind.answer(event, decision);
      }
    } catch (error) {
      reportRefusal(opts, error, 500, 'lambda', input, where);
      throw error;
    }
    // API Gateway (REST) answers 401 for exactly this error message, and 500 for any other.
    // Thrown outside the try: it is an answer, already reported.
    throw new Error('Unauthorized');
  };
}

import { VerifyError, type VerifyErrorCode } from './errors.js';

/** Attributes every challenge of an API carries. */
export interface ChallengeOptions {
  /** `realm="..."` in `WWW-Authenticate`; left out when not set. */
  realm?: string;
  /** RFC 9728 `resource_metadata="..."`: the URL of this API's protected resource metadata. */
  resourceMetadata?: string;
}

/** An RFC 6750 error answer, ready to send. */
export interface HttpErrorAnswer {
  status: 401 | 403 | 503;
  wwwAuthenticate: string;
  body: { error: string; error_description: string };
}

/** Fixed texts: attacker-controlled values never reach a header or a body. */
const DESCRIPTIONS: Record<VerifyErrorCode, string> = {
  ERR_TOKEN_MALFORMED: 'The access token is malformed',
  ERR_TOKEN_EXPIRED: 'The access token expired',
  ERR_TOKEN_NOT_YET_VALID: 'The access token is not valid yet',
  ERR_SIGNATURE_INVALID: 'The access token signature is invalid',
  ERR_ISSUER_MISMATCH: 'The access token was issued by an untrusted issuer',
  ERR_AUDIENCE_MISMATCH: 'The access token is not meant for this resource',
  ERR_TYP_INVALID: 'The token is not a JWT access token',
  ERR_ALG_NOT_ALLOWED: 'The access token is signed with an algorithm that is not allowed',
  ERR_INSUFFICIENT_SCOPE: 'The access token does not carry the required scope',
  ERR_CLIENT_NOT_ALLOWED: 'The client is not allowed to access this resource',
  ERR_TOKEN_USE_MISMATCH: 'The token is not the kind of token this resource accepts',
  ERR_JWKS_UNAVAILABLE: 'The signing keys of the authorization server are unavailable, try again later',
  ERR_KEY_NOT_FOUND: 'The access token is signed with an unknown key',
  ERR_TOKEN_REVOKED: 'The access token has been revoked',
  ERR_REVOCATION_STALE: 'The revocation list of the authorization server is out of date, try again later',
};

function quote(value: string): string {
  // quoted-string (RFC 9110 §5.6.4): escape the two characters that need it, drop controls.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return `"${value.replace(/[\x00-\x1f\x7f]/g, '').replace(/["\\]/g, '\\$&')}"`;
}

function challenge(options: ChallengeOptions, params: [string, string][] = []): string {
  const all: [string, string][] = [];
  if (options.realm !== undefined) all.push(['realm', options.realm]);
  all.push(...params);
  if (options.resourceMetadata !== undefined) all.push(['resource_metadata', options.resourceMetadata]);
  return all.length === 0 ? 'Bearer' : `Bearer ${all.map(([k, v]) => `${k}=${quote(v)}`).join(', ')}`;
}

function answer(
  status: 401 | 403,
  error: string,
  description: string,
  options: ChallengeOptions,
  scope?: readonly string[],
): HttpErrorAnswer {
  const params: [string, string][] = [
    ['error', error],
    ['error_description', description],
  ];
  if (scope !== undefined && scope.length > 0) params.push(['scope', scope.join(' ')]);
  return {
    status,
    wwwAuthenticate: challenge(options, params),
    body: { error, error_description: description },
  };
}

function unavailable(
  options: ChallengeOptions,
  code: 'ERR_JWKS_UNAVAILABLE' | 'ERR_REVOCATION_STALE' = 'ERR_JWKS_UNAVAILABLE',
): HttpErrorAnswer {
  return {
    status: 503,
    wwwAuthenticate: challenge(options),
    body: { error: 'temporarily_unavailable', error_description: DESCRIPTIONS[code] },
  };
}

/**
 * The RFC 6750 answer for an error thrown by `verify()` or `bearerToken()`:
 * - no credentials, or another scheme: 401 with a bare `Bearer` challenge (no error code, §3.1);
 * - a malformed `Bearer` header: 401 `error="invalid_request"`;
 * - any invalid token: 401 `error="invalid_token"`;
 * - `ERR_INSUFFICIENT_SCOPE`: 403 `error="insufficient_scope"` with `scope="..."` (the scopes
 *   the error names, plus any `requiredScopes` given here); `ERR_CLIENT_NOT_ALLOWED`: 403
 *   `insufficient_scope` without a scope (no scope would help);
 * - `ERR_JWKS_UNAVAILABLE`, `ERR_REVOCATION_STALE` or any unexpected error: 503
 *   `temporarily_unavailable`, since the token may well be fine (RFC 6750 has no code for this).
 * Descriptions are fixed texts, never the token or values taken from it.
 *
 * @example
 * ```ts
 * const { status, wwwAuthenticate, body } = toHttpError(error, ['list-orders'], { realm: 'orders' });
 * res.writeHead(status, { 'www-authenticate': wwwAuthenticate, 'content-type': 'application/json' });
 * res.end(JSON.stringify(body));
 * ```
 */
export function toHttpError(
  error: unknown,
  requiredScopes?: readonly string[],
  options: ChallengeOptions = {},
): HttpErrorAnswer {
  if (!(error instanceof VerifyError)) return unavailable(options);
  const assertion = error.failedAssertion;
  switch (error.code) {
    case 'ERR_TOKEN_MALFORMED':
      if (assertion?.claim === 'Authorization') {
        if (typeof assertion.actual === 'string' && assertion.actual.toLowerCase() === 'bearer') {
          return answer(
            401,
            'invalid_request',
            'The Authorization header must hold the Bearer scheme and one token',
            options,
          );
        }
        return {
          status: 401,
          wwwAuthenticate: challenge(options),
          body: {
            error: 'invalid_request',
            error_description: 'An access token is required (Authorization: Bearer)',
          },
        };
      }
      return answer(401, 'invalid_token', DESCRIPTIONS[error.code], options);
    case 'ERR_INSUFFICIENT_SCOPE': {
      const expected = Array.isArray(assertion?.expected) ? (assertion.expected as string[]) : [];
      const scope = [...new Set([...expected, ...(requiredScopes ?? [])])];
      return answer(403, 'insufficient_scope', DESCRIPTIONS[error.code], options, scope);
    }
    case 'ERR_CLIENT_NOT_ALLOWED':
      return answer(403, 'insufficient_scope', DESCRIPTIONS[error.code], options);
    case 'ERR_JWKS_UNAVAILABLE':
    case 'ERR_REVOCATION_STALE':
      return unavailable(options, error.code);
    default:
      return answer(401, 'invalid_token', DESCRIPTIONS[error.code], options);
  }
}

/**
 * What an error handler needs to answer a refusal per RFC 6750, as Express errors carry it.
 *
 * @example
 * ```ts
 * const { status, headers, body }: RefusalHttpFields = refusal;
 * res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
 * ```
 */
export interface RefusalHttpFields {
  /** 401, 403 or 503, as `status` and `statusCode` (Express's default handler reads either). */
  readonly status: 401 | 403 | 503;
  readonly statusCode: 401 | 403 | 503;
  /** `WWW-Authenticate` (not on 503) and `Cache-Control: no-store`; Express's default handler sets them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The RFC 6750 JSON body: `{ error, error_description }`, fixed texts only. */
  readonly body: HttpErrorAnswer['body'];
}

/**
 * A refusal handed to the application's error handler: the `VerifyError` (or unexpected `Error`) plus its answer.
 *
 * @example
 * ```ts
 * function describe(err: TokenRefusal): string {
 *   return `${err.status} ${err instanceof VerifyError ? err.code : 'ERR_UNEXPECTED'}`;
 * }
 * ```
 */
export type TokenRefusal = (VerifyError | Error) & RefusalHttpFields;

/** A registry symbol, so CommonJS and ESM copies of this package recognise each other's refusals. */
const REFUSAL = Symbol.for('@gatehouse/verify.refusal');

/**
 * A copy of `error` (same class, message, code, `failedAssertion`, `clientId`, `cause`, stack)
 * that also carries its RFC 6750 answer. A copy, because one error object may be thrown to many
 * requests (a stale revocation list), each with its own route's challenge.
 */
export function withHttpAnswer(error: unknown, answer: HttpErrorAnswer): TokenRefusal {
  const source =
    error instanceof Error ? error : new Error('the verifier threw a non-error', { cause: error });
  const copy = Object.create(Object.getPrototypeOf(source) as object) as Error;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(source));
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (answer.status !== 503) headers['WWW-Authenticate'] = answer.wwwAuthenticate;
  const field = (value: unknown): PropertyDescriptor => ({
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  Object.defineProperties(copy, {
    status: field(answer.status),
    statusCode: field(answer.status),
    headers: field(Object.freeze(headers)),
    body: field(Object.freeze({ ...answer.body })),
    [REFUSAL]: { value: true },
  });
  return copy as TokenRefusal;
}

/**
 * True for the errors `requireToken(verifier, { errors: 'next' })` passes to `next()`: they
 * carry `status`, `headers` and `body` to answer with.
 *
 * @example
 * ```ts
 * import type { ErrorRequestHandler } from 'express';
 * import { isTokenRefusal } from '@gatehouse/verify';
 *
 * export const answerRefusals: ErrorRequestHandler = (err, _req, res, next) => {
 *   if (!isTokenRefusal(err)) return next(err);
 *   res.status(err.status).set(err.headers).json(err.body);
 * };
 * ```
 */
export function isTokenRefusal(error: unknown): error is TokenRefusal {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[REFUSAL] === true;
}

import { type ErrorDetail, HttpError } from '../http/errors.js';

/**
 * Protocol errors carry the RFC 6749 §5.2 fields, through HttpError; the generic HTTP
 * refusals (404, 405, 413, 500, 503) are in http/errors.ts. A description never repeats what
 * the request sent: that goes in the detail, which the error handler logs.
 */
export class OAuthError extends HttpError {
  constructor(
    status: number,
    error: string,
    description: string,
    options: { headers?: Record<string, string>; detail?: ErrorDetail | undefined } = {},
  ) {
    super(status, error, description, options);
    this.name = 'OAuthError';
  }
}

/** The 400 answers of RFC 6749 §5.2 and RFC 8707 §2 differ only in their `error` code. */
function badRequest(error: string) {
  return class extends OAuthError {
    constructor(description: string, detail?: ErrorDetail) {
      super(400, error, description, { detail });
    }
  };
}

export class InvalidRequest extends badRequest('invalid_request') {}

/** RFC 6749 §5.2: 401 with a challenge, and the same answer whether or not the client exists. */
export class InvalidClient extends OAuthError {
  constructor(description = 'client authentication failed', detail?: ErrorDetail) {
    super(401, 'invalid_client', description, {
      headers: { 'www-authenticate': 'Basic realm="gatehouse", charset="UTF-8"' },
      detail,
    });
  }
}

export class UnauthorizedClient extends badRequest('unauthorized_client') {}

export class UnsupportedGrantType extends badRequest('unsupported_grant_type') {}

export class InvalidScope extends badRequest('invalid_scope') {}

/** RFC 8707 §2: the requested resource is invalid, missing, unknown, or malformed. */
export class InvalidTarget extends badRequest('invalid_target') {}

/**
 * RFC 6585 §4 with RFC 8628's `slow_down`: this caller went over its own rate; `Retry-After`
 * says when it may try again.
 */
export class SlowDown extends OAuthError {
  constructor(description: string, retryAfterSeconds: number) {
    super(429, 'slow_down', description, { headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}

/**
 * A client went over its own rate limit or daily token quota. `slow_down` like this caller's
 * other per-client refusals: the caller is at fault and backing off fixes it, which is what
 * `temporarily_unavailable` (the server is overloaded) would not say. Retry-After is the
 * bucket's refill for the rate and the next UTC midnight for the quota.
 */
export class ClientLimitExceeded extends SlowDown {
  constructor(
    readonly limit: 'rate' | 'daily',
    retryAfterSeconds: number,
  ) {
    super(
      limit === 'rate'
        ? 'this client is over its token request rate; retry after the time in Retry-After'
        : 'this client has used its daily token quota; it starts over at 00:00 UTC',
      retryAfterSeconds,
    );
  }
}

/** Work the server bounds (checking signatures with client keys, fetching key sets) is saturated. */
export class TooManyRequests extends OAuthError {
  constructor(description: string, retryAfterSeconds = 1) {
    super(429, 'temporarily_unavailable', description, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/** RFC 6749 §5.2: the code, refresh token or PKCE verifier is invalid, expired, revoked or not this client's. */
export class InvalidGrant extends badRequest('invalid_grant') {}

/** RFC 6749 §4.1.2.1: the authorization endpoint answers only `response_type=code`. */
export class UnsupportedResponseType extends badRequest('unsupported_response_type') {}

/** RFC 6749 §4.1.2.1: the person (or the server for them) refused the request. */
export class AccessDenied extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(403, 'access_denied', description, { detail });
  }
}

/** OIDC Core §3.1.2.6: `prompt=none` and nobody is signed in (or `max_age` is past). */
export class LoginRequired extends badRequest('login_required') {}

/** OIDC Core §3.1.2.6: `prompt=none` and the request needs the person to act. */
export class InteractionRequired extends badRequest('interaction_required') {}

/** OIDC Core §3.1.2.6: request objects (`request`) are not supported. */
export class RequestNotSupported extends badRequest('request_not_supported') {}

/** OIDC Core §3.1.2.6: request objects by reference (`request_uri`) are not supported. */
export class RequestUriNotSupported extends badRequest('request_uri_not_supported') {}

/**
 * The resource server's token hook gave no claims (timeout, error, bad answer) and fails
 * closed. 503 with RFC 6749's `temporarily_unavailable`: the client did nothing wrong and the
 * same request may succeed once the hook recovers; Retry-After says when to try.
 */
export class HookUnavailable extends OAuthError {
  constructor(reason: string) {
    super(
      503,
      'temporarily_unavailable',
      'the token hook of this resource server is unavailable; retry later',
      {
        headers: { 'retry-after': '1' },
        detail: { hook: reason },
      },
    );
  }
}

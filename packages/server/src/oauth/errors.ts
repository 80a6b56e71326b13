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

export class InvalidRequest extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'invalid_request', description, { detail });
  }
}

/** RFC 6749 §5.2: 401 with a challenge, and the same answer whether or not the client exists. */
export class InvalidClient extends OAuthError {
  constructor(description = 'client authentication failed', detail?: ErrorDetail) {
    super(401, 'invalid_client', description, {
      headers: { 'www-authenticate': 'Basic realm="gatehouse", charset="UTF-8"' },
      detail,
    });
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'invalid_grant', description, { detail });
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'unauthorized_client', description, { detail });
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'unsupported_grant_type', description, { detail });
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'invalid_scope', description, { detail });
  }
}

/** RFC 8707 §2: the requested resource is invalid, missing, unknown, or malformed. */
export class InvalidTarget extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'invalid_target', description, { detail });
  }
}

export class UnsupportedTokenType extends OAuthError {
  constructor(description: string, detail?: ErrorDetail) {
    super(400, 'unsupported_token_type', description, { detail });
  }
}

/**
 * RFC 6585 §4 with RFC 8628's `slow_down`: this caller went over its own rate; `Retry-After`
 * says when it may try again.
 */
export class SlowDown extends OAuthError {
  constructor(description: string, retryAfterSeconds: number) {
    super(429, 'slow_down', description, { headers: { 'retry-after': String(retryAfterSeconds) } });
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

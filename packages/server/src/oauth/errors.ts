/**
 * Protocol errors carry the RFC 6749 §5.2 fields; one handler turns them into
 * `{ error, error_description }` JSON. Anything that is not an OAuthError is a bug
 * and becomes a logged 500 with no details exposed.
 */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly headers: Record<string, string>;

  constructor(status: number, error: string, description: string, headers: Record<string, string> = {}) {
    super(description);
    this.name = 'OAuthError';
    this.status = status;
    this.error = error;
    this.headers = headers;
  }

  get description(): string {
    return this.message;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_request', description);
  }
}

/** RFC 6749 §5.2: 401 with a challenge, and the same answer whether or not the client exists. */
export class InvalidClient extends OAuthError {
  constructor(description = 'client authentication failed') {
    super(401, 'invalid_client', description, {
      'www-authenticate': 'Basic realm="gatehouse", charset="UTF-8"',
    });
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_grant', description);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super(400, 'unauthorized_client', description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description: string) {
    super(400, 'unsupported_grant_type', description);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_scope', description);
  }
}

/** RFC 8707 §2: the requested resource is invalid, missing, unknown, or malformed. */
export class InvalidTarget extends OAuthError {
  constructor(description: string) {
    super(400, 'invalid_target', description);
  }
}

export class UnsupportedTokenType extends OAuthError {
  constructor(description: string) {
    super(400, 'unsupported_token_type', description);
  }
}

export class NotFound extends OAuthError {
  constructor(description = 'no such endpoint') {
    super(404, 'not_found', description);
  }
}

export class MethodNotAllowed extends OAuthError {
  constructor(allowed: readonly string[]) {
    super(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
  }
}

export class PayloadTooLarge extends OAuthError {
  constructor(limit: number) {
    super(413, 'invalid_request', `request body is larger than ${limit} bytes`);
  }
}

export class ServerError extends OAuthError {
  constructor(description = 'the server could not complete the request') {
    super(500, 'server_error', description);
  }
}

export class TemporarilyUnavailable extends OAuthError {
  constructor(description: string) {
    super(503, 'temporarily_unavailable', description, { 'retry-after': '1' });
  }
}

/**
 * Too many failed client authentications from this client or address (RFC 6585's 429, with
 * the `slow_down` code RFC 8628 uses for "poll less often").
 */
export class SlowDown extends OAuthError {
  constructor(retryAfter: number) {
    super(429, 'slow_down', `too many failed client authentications; try again in ${retryAfter} seconds`, {
      'retry-after': String(retryAfter),
    });
  }
}

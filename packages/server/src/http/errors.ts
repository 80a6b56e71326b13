/**
 * Every error answer outside the admin API is `{ error, error_description }` JSON with a
 * status (RFC 6749 §5.2's shape, which Gatehouse uses for plain HTTP refusals too). One
 * handler in server.ts writes them; anything that is not an HttpError is a bug and becomes a
 * logged 500 with no details exposed.
 *
 * The description goes to the caller, so it is fixed text and never repeats what the request
 * sent; the offending value goes in `detail`, which is only logged (node-oidc-provider keeps
 * `error_description` and `error_detail` apart the same way).
 */
/** Never a credential: it is logged as it is, beyond the logger's top-level secret filter. */
export type ErrorDetail = Readonly<Record<string, unknown>>;

export class HttpError extends Error {
  readonly status: number;
  readonly error: string;
  readonly headers: Record<string, string>;
  /** Facts for the log, never for the wire: the parameter or value behind the refusal. */
  readonly detail: ErrorDetail | undefined;

  constructor(
    status: number,
    error: string,
    description: string,
    options: { headers?: Record<string, string>; detail?: ErrorDetail | undefined } = {},
  ) {
    super(description);
    this.name = 'HttpError';
    this.status = status;
    this.error = error;
    this.headers = options.headers ?? {};
    this.detail = options.detail;
  }

  get description(): string {
    return this.message;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

export class NotFound extends HttpError {
  constructor(description = 'no such endpoint') {
    super(404, 'not_found', description);
  }
}

export class MethodNotAllowed extends HttpError {
  constructor(allowed: readonly string[]) {
    super(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, {
      headers: { allow: allowed.join(', ') },
    });
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(limit: number) {
    super(413, 'invalid_request', `request body is larger than ${limit} bytes`);
  }
}

export class ServerError extends HttpError {
  constructor(description = 'the server could not complete the request') {
    super(500, 'server_error', description);
  }
}

/** The server cannot answer for a moment (its store, a full list); `Retry-After` says when to try again. */
export class TemporarilyUnavailable extends HttpError {
  constructor(description: string, retryAfterSeconds = 1) {
    super(503, 'temporarily_unavailable', description, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * What a service says when it refuses. The CLI prints these; the admin API maps them to
 * 404, 409 and 422. Messages are for people: they name the thing and the way out.
 */
export class ServiceError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
  }
}

export class NotFoundError extends ServiceError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ConflictError extends ServiceError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class ValidationError extends ServiceError {
  /** One entry per problem: `field.path: what is wrong`. */
  readonly issues: string[];
  constructor(issues: string[]) {
    super('validation_failed', issues.join('; '));
    this.issues = issues;
  }
}

/** The store could not be read when the answer was not in memory; callers may retry. */
export class StoreUnavailableError extends ServiceError {
  constructor(cause: unknown) {
    super('store_unavailable', 'the store is unreachable');
    this.cause = cause;
  }
}

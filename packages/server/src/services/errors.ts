import { formatIssue, type ValidationIssue } from '@gatehouse/schemas';

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
  /** One entry per problem, as the schema or the service found it; the API and the CLI word them. */
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super('validation_failed', issues.map(formatIssue).join('; '));
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

/** The actor may not do this: not a member of the owning team, not an owner, or a token without the scope. */
export class ForbiddenError extends ServiceError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** Too many failed sign-ins: the account is locked for `retryAfter` seconds. */
export class LockedError extends ServiceError {
  constructor(readonly retryAfter: number) {
    super('locked', `too many failed sign-ins; try again in ${retryAfter} seconds`);
  }
}

/** Wrong email or password, or an account that cannot sign in this way; deliberately says no more. */
export class InvalidCredentialsError extends ServiceError {
  constructor() {
    super('invalid_credentials', 'wrong email or password');
  }
}

/** Expensive work (password hashing) is at its limit on this instance; try again after `retryAfter` seconds. */
export class TooBusyError extends ServiceError {
  constructor(readonly retryAfter: number) {
    super(
      'busy',
      `too many sign-ins at once; try again in ${retryAfter === 1 ? 'a second' : `${retryAfter} seconds`}`,
    );
  }
}

/** The account is disabled: it may not sign in, by password or single sign-on. */
export class AccountDisabledError extends ServiceError {
  constructor() {
    super('account_disabled', 'this account is disabled; ask a platform admin to enable it');
  }
}

import { type ApiError, formatIssue, toIssues, type ValidationIssue } from '@gatehouse/schemas';
import type { z } from 'zod';
import {
  ForbiddenError,
  InvalidCredentialsError,
  LockedError,
  ServiceError,
  StoreUnavailableError,
  TooBusyError,
  ValidationError,
} from '../services/errors.js';
import { StoreUnreachable, UnstorableValue } from '../services/store-errors.js';

/** An admin API answer other than success: `{ error, message, issues? }` with its HTTP status. */
export class ApiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Partial<Pick<ApiError, 'issues' | 'retryAfter'>> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }

  toJSON(): ApiError {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export const unauthenticated = () =>
  new ApiHttpError(
    401,
    'unauthenticated',
    'sign in first, or send a Gatehouse access token for gatehouse-admin',
    {},
    {
      'www-authenticate': 'Bearer realm="gatehouse-admin"',
    },
  );

/** The answer names each issue's path and message once; the zod code stays on the server. */
export function validationFailed(all: readonly Pick<ValidationIssue, 'path' | 'message'>[]): ApiHttpError {
  const seen = new Set<string>();
  const issues: { path: string; message: string }[] = [];
  for (const { path, message } of all) {
    const key = `${path}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message });
  }
  const summary = issues.map(formatIssue).join('; ');
  return new ApiHttpError(422, 'validation_failed', summary || 'the request is not valid', { issues });
}

export function fromZod(error: z.ZodError, prefix = ''): ApiHttpError {
  return validationFailed(toIssues(error, prefix));
}

const STATUS: Record<string, number> = { not_found: 404, conflict: 409, account_disabled: 403 };

/** Service refusals map to HTTP; anything unknown is left for the generic 500 handler. */
export function toApiError(error: unknown): ApiHttpError | undefined {
  if (error instanceof ApiHttpError) return error;
  if (error instanceof ValidationError) return validationFailed(error.issues);
  if (error instanceof ForbiddenError) return new ApiHttpError(403, 'forbidden', error.message);
  if (error instanceof LockedError || error instanceof TooBusyError) {
    return new ApiHttpError(
      429,
      error.code,
      error.message,
      { retryAfter: error.retryAfter },
      {
        'retry-after': String(error.retryAfter),
      },
    );
  }
  if (error instanceof InvalidCredentialsError)
    return new ApiHttpError(401, 'invalid_credentials', error.message);
  if (error instanceof StoreUnavailableError || error instanceof StoreUnreachable) {
    return new ApiHttpError(
      503,
      'store_unavailable',
      'the store is unreachable; retry shortly',
      { retryAfter: 1 },
      { 'retry-after': '1' },
    );
  }
  if (error instanceof UnstorableValue) {
    return validationFailed([{ path: '', message: 'a value in the request cannot be stored' }]);
  }
  if (error instanceof ServiceError)
    return new ApiHttpError(STATUS[error.code] ?? 400, error.code, error.message);
  return undefined;
}

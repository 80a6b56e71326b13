import type { ApiError } from '@gatehouse/schemas';
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

/** `path: message` lines, as services write them, become structured issues for the portal. */
function splitIssue(line: string): { path: string; message: string } {
  const colon = line.indexOf(': ');
  return colon === -1
    ? { path: '', message: line }
    : { path: line.slice(0, colon), message: line.slice(colon + 2) };
}

export function validationFailed(all: { path: string; message: string }[]): ApiHttpError {
  const seen = new Set<string>();
  const issues = all.filter((i) => {
    const key = `${i.path}\n${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new ApiHttpError(422, 'validation_failed', summary || 'the request is not valid', { issues });
}

export function fromZod(error: z.ZodError, prefix = ''): ApiHttpError {
  return validationFailed(
    error.issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  );
}

const STATUS: Record<string, number> = { not_found: 404, conflict: 409 };

/** Service refusals map to HTTP; anything unknown is left for the generic 500 handler. */
export function toApiError(error: unknown): ApiHttpError | undefined {
  if (error instanceof ApiHttpError) return error;
  if (error instanceof ValidationError) return validationFailed(error.issues.map(splitIssue));
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

/** One problem with one field of a request body; `path` is dot-joined, e.g. `scopes.1.name`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Any non-2xx answer of the admin API, carrying its stable `error` code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** A sentence for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type ServiceError,
  ValidationError,
} from '../errors.js';

/** A refusal about one entry of the file: the CLI turns `path` into a line number. */
export type LocatedError = ServiceError & { path?: string };

/**
 * Runs `fn` for the entry at `path` (`clients.2`), so that a refusal names the entry it is
 * about (`client "delivery-partner" (clients.2): …`) and keeps its kind (403, 404, 409, 422).
 */
export async function forEntry<T>(path: string, label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.issues.map((issue) => ({
          ...issue,
          path: issue.path.startsWith(path) ? issue.path : [path, issue.path].filter(Boolean).join('.'),
        })),
      );
    }
    for (const Kind of [ForbiddenError, ConflictError, NotFoundError]) {
      if (error instanceof Kind) {
        const where = path === '' ? label : `${label} (${path})`;
        throw Object.assign(new Kind(`${where}: ${error.message}`), { path });
      }
    }
    throw error;
  }
}

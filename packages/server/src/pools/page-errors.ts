import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http/errors.js';
import type { Handler, RouteParams } from '../http/router.js';
import {
  ConflictError,
  ForbiddenError,
  LockedError,
  NotFoundError,
  ServiceError,
  TooBusyError,
  ValidationError,
} from '../services/errors.js';
import {
  openPageContext,
  type PageContext,
  PageProblem,
  type PoolPageDeps,
  sendProblem,
} from './page-context.js';

/** A service refusal that reached the route unhandled, as a page: always 4xx (or 503 when busy), never 500. */
function problemOf(
  error: unknown,
): { status: number; title: string; message: string; headers?: Record<string, string> } | undefined {
  if (error instanceof PageProblem)
    return { status: error.status, title: error.title, message: error.message };
  if (error instanceof HttpError) {
    return {
      status: error.status,
      title: 'The request could not be completed',
      message: error.message,
      headers: error.headers,
    };
  }
  if (error instanceof TooBusyError) {
    return {
      status: 503,
      title: 'Too busy',
      message: 'Too many sign-ins at once. Please try again in a moment.',
      headers: { 'retry-after': String(error.retryAfter) },
    };
  }
  if (error instanceof LockedError) {
    return {
      status: 429,
      title: 'Too many attempts',
      message: `Too many attempts. Try again in ${error.retryAfter} seconds.`,
      headers: { 'retry-after': String(error.retryAfter) },
    };
  }
  if (error instanceof NotFoundError)
    return { status: 404, title: 'Not found', message: 'This page or request is no longer valid.' };
  if (error instanceof ForbiddenError)
    return { status: 403, title: 'Not allowed', message: 'This is not allowed here.' };
  if (error instanceof ValidationError || error instanceof ConflictError || error instanceof ServiceError) {
    return {
      status: 400,
      title: 'The request could not be completed',
      message: 'Please check what you entered and try again.',
    };
  }
  return undefined;
}

/**
 * A pool page route: the pool is looked up from `:poolId` first, and every refusal becomes a
 * page with a 4xx status. Anything else is a bug and goes to the server's 500 handler.
 */
export function poolPage(deps: PoolPageDeps, handler: (ctx: PageContext) => Promise<void>): Handler {
  return async (req: IncomingMessage, res: ServerResponse, params: RouteParams) => {
    let ctx: PageContext | undefined;
    try {
      ctx = await openPageContext(req, res, deps, params.poolId);
      await handler(ctx);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem || res.headersSent) throw error;
      if (!req.complete) req.resume();
      sendProblem(req, res, ctx?.page, problem);
    }
  };
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { VerifiedClaims } from './claims.js';
import { withHttpAnswer } from './http-error.js';
import { makeGuard, type RequireTokenOptions, sendErrorAnswer } from './respond.js';
import type { Verifier } from './verifier.js';

export { isTokenRefusal, type RefusalHttpFields, type TokenRefusal } from './http-error.js';
export type { RequireTokenOptions } from './respond.js';

declare global {
  // Express's own extension point for request properties (as in @types/express-serve-static-core).
  // eslint-disable-next-line @typescript-eslint/no-namespace -- declaration merging needs the namespace
  namespace Express {
    interface Request {
      /** The verified access token claims, set by `requireToken()`. */
      auth?: VerifiedClaims;
    }
  }
}

/**
 * Options of the Express `requireToken()`.
 *
 * @example
 * ```ts
 * const options: ExpressTokenOptions = {
 *   scopes: ['list-orders'],
 *   errors: 'next',
 *   onError: (error, req) => console.warn(req.path, error.message),
 * };
 * app.get('/orders', requireToken(verifier, options), listOrders);
 * ```
 */
export interface ExpressTokenOptions extends RequireTokenOptions<Request> {
  /**
   * What happens to a refusal (401, 403, 503):
   * - `'respond'` (default): the middleware answers itself, per RFC 6750;
   * - `'next'`: it calls `next(err)` with a copy of the `VerifyError` (or of the unexpected
   *   `Error`) that also carries `status`, `statusCode`, `headers` (`WWW-Authenticate`,
   *   `Cache-Control`) and `body`, for the application's error handler (see `isTokenRefusal`).
   *   Express's own default handler already answers with that status and those headers.
   * Either way `onError` and the logger hear of it first.
   */
  errors?: 'respond' | 'next';
}

/**
 * Express middleware (Express 4 and 5) that requires a valid bearer access token. On success
 * it sets `req.auth` to the verified claims and calls `next()`; otherwise it answers
 * 401/403/503 itself, per RFC 6750, with a JSON body `{ error, error_description }`, a
 * `WWW-Authenticate: Bearer ...` challenge and `Cache-Control: no-store` (or, with
 * `errors: 'next'`, hands the error to your error handler). The token is never echoed. Each
 * refusal goes to `onError` and logs one line (`logger`, default `defaultRefusalLogger`).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createVerifier } from '@gatehouse/verify';
 * import { requireToken } from '@gatehouse/verify/express';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'lj-health-food' });
 * const app = express();
 * app.get('/orders', requireToken(verifier, { scopes: ['list-orders'] }), (req, res) => {
 *   res.json({ client: req.auth?.client_id });
 * });
 * ```
 */
export function requireToken(verifier: Verifier, options: ExpressTokenOptions = {}): RequestHandler {
  const guard = makeGuard<Request>('requireToken', 'express', verifier, options);
  const { errors = 'respond' } = options;
  if (errors !== 'respond' && errors !== 'next') {
    throw new TypeError("requireToken: errors must be 'respond' or 'next'");
  }
  return (req: Request, res: Response, next: NextFunction): void => {
    void guard.check(req.headers.authorization).then((result) => {
      if (result.ok) {
        req.auth = result.claims;
        return next();
      }
      guard.report(result, req, { method: req.method, path: req.originalUrl });
      if (errors === 'next') next(withHttpAnswer(result.error, result.answer));
      else if (res.headersSent) next(new Error('requireToken: the response was already sent'));
      else sendErrorAnswer(res, result.answer);
    });
  };
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { VerifiedClaims } from './claims.js';
import { makeGuard, type RequireTokenOptions, sendErrorAnswer } from './respond.js';
import type { Verifier } from './verifier.js';

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
 * Express middleware (Express 4 and 5) that requires a valid bearer access token. On success
 * it sets `req.auth` to the verified claims and calls `next()`; otherwise it answers
 * 401/403/503 itself, per RFC 6750, with a JSON body `{ error, error_description }`, a
 * `WWW-Authenticate: Bearer ...` challenge and `Cache-Control: no-store`. The token is never echoed.
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
export function requireToken(verifier: Verifier, options: RequireTokenOptions = {}): RequestHandler {
  const guard = makeGuard('requireToken', verifier, options);
  return (req: Request, res: Response, next: NextFunction): void => {
    void guard.check(req.headers.authorization).then((result) => {
      if (result.ok) {
        req.auth = result.claims;
        next();
      } else if (res.headersSent) {
        next(new Error('requireToken: the response was already sent'));
      } else {
        sendErrorAnswer(res, result.answer);
      }
    });
  };
}

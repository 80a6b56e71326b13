import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifiedClaims } from './claims.js';
import { asError } from './refusal.js';
import { makeGuard, type RequireTokenOptions, sendErrorAnswer } from './respond.js';
import type { Verifier } from './verifier.js';

export type { RequireTokenOptions } from './respond.js';

/**
 * Checks the bearer token of a plain `node:http` request. Resolves to the verified claims, or
 * to `undefined` after writing the 401/403/503 answer itself (RFC 6750 challenge, JSON body,
 * `Cache-Control: no-store`); the caller then just returns. Each refusal goes to `onError` and
 * logs one line (`logger`, default `defaultRefusalLogger`).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { authenticate } from '@gatehouse/verify/http';
 *
 * createServer(async (req, res) => {
 *   const claims = await authenticate(verifier, req, res, { scopes: ['list-orders'] });
 *   if (!claims) return;
 *   res.end(JSON.stringify({ client: claims.client_id }));
 * }).listen(8080);
 * ```
 */
export async function authenticate(
  verifier: Verifier,
  req: IncomingMessage,
  res: ServerResponse,
  options: RequireTokenOptions<IncomingMessage> = {},
): Promise<VerifiedClaims | undefined> {
  const guard = makeGuard<IncomingMessage>('authenticate', 'http', verifier, options);
  const result = await guard.check(req.headers.authorization);
  if (result.ok) return result.claims;
  guard.report(result, req, where(req));
  sendErrorAnswer(res, result.answer);
  return undefined;
}

function where(req: IncomingMessage): { method?: string; path?: string } {
  return { ...(req.method && { method: req.method }), ...(req.url && { path: req.url }) };
}

/** A request handler that runs only for requests with a valid token. */
export type AuthenticatedHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  claims: VerifiedClaims,
) => void | Promise<void>;

/**
 * Wraps a `node:http` handler so it runs only with a valid token (claims as third argument).
 * Options are checked once, here. Refusals go to `onError` and the logger, as with
 * `authenticate`. A handler that throws gets a 500 (when nothing was sent yet) and its error
 * goes to `onError` too (no `onError`: `console.error`).
 *
 * @example
 * ```ts
 * const server = createServer(
 *   withToken(verifier, (req, res, claims) => res.end(`hello ${claims.client_id}`), { scopes: ['read'] }),
 * );
 * ```
 */
export function withToken(
  verifier: Verifier,
  handler: AuthenticatedHandler,
  options: RequireTokenOptions<IncomingMessage> = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const guard = makeGuard<IncomingMessage>('withToken', 'http', verifier, options);
  const onError = options.onError ?? ((error: Error) => console.error('withToken: handler failed', error));
  return (req, res) => {
    void (async () => {
      const result = await guard.check(req.headers.authorization);
      if (!result.ok) {
        guard.report(result, req, where(req));
        return sendErrorAnswer(res, result.answer);
      }
      await handler(req, res, result.claims);
    })().catch((error: unknown) => {
      try {
        onError(asError(error), req);
      } catch (hookError) {
        // What the hook throws must not keep the 500 from going out.
        console.error('withToken: onError failed', hookError);
      }
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end('{"error":"server_error"}');
      } else {
        res.destroy();
      }
    });
  };
}

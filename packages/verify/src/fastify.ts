import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { VerifiedClaims } from './claims.js';
import type { HttpErrorAnswer } from './http-error.js';
import { makeGuard, type RequireTokenOptions } from './respond.js';
import type { Verifier } from './verifier.js';

export type { RequireTokenOptions } from './respond.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified access token claims, set by `requireToken()` or the `gatehouseAuth` plugin. */
    auth?: VerifiedClaims;
  }
}

/** A Fastify `onRequest`/`preHandler` hook. */
export type TokenHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

function send(reply: FastifyReply, answer: HttpErrorAnswer): FastifyReply {
  reply.code(answer.status).header('cache-control', 'no-store');
  if (answer.status !== 503) reply.header('www-authenticate', answer.wwwAuthenticate);
  return reply.send(answer.body);
}

/**
 * A Fastify hook that requires a valid bearer access token: on success `request.auth` holds
 * the verified claims; otherwise the hook answers 401/403/503 per RFC 6750 (challenge in
 * `WWW-Authenticate`, JSON body, `Cache-Control: no-store`) and the route handler never runs.
 * Each refusal goes to `onError` and logs one line (`logger`; Fastify's `app.log` fits).
 * Use it per route (`preHandler`) or for a whole scope (`addHook`).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { requireToken } from '@gatehouse/verify/fastify';
 *
 * const app = Fastify();
 * app.get('/orders', { preHandler: requireToken(verifier, { scopes: ['list-orders'] }) }, async (request) => ({
 *   client: request.auth?.client_id,
 * }));
 * ```
 */
export function requireToken(
  verifier: Verifier,
  options: RequireTokenOptions<FastifyRequest> = {},
): TokenHook {
  const guard = makeGuard<FastifyRequest>('requireToken', 'fastify', verifier, options);
  return async (request, reply) => {
    const result = await guard.check(request.headers.authorization);
    if (result.ok) {
      request.auth = result.claims;
      return undefined;
    }
    guard.report(result, request, { method: request.method, path: request.url });
    return send(reply, result.answer);
  };
}

/** Options of the `gatehouseAuth` plugin. */
export interface GatehouseAuthOptions extends RequireTokenOptions<FastifyRequest> {
  verifier: Verifier;
}

/**
 * A Fastify plugin that protects every route of the scope it is registered in (it is not
 * encapsulated, like `fastify-plugin`): each request needs a valid token, with `scopes` if given.
 * Per-route scopes can be added with `requireToken()` as a `preHandler`.
 *
 * @example
 * ```ts
 * await app.register(gatehouseAuth, { verifier, realm: 'orders' });
 * app.get('/orders', async (request) => ({ client: request.auth?.client_id }));
 * ```
 */
export const gatehouseAuth: FastifyPluginCallback<GatehouseAuthOptions> = Object.assign(
  (
    instance: Parameters<FastifyPluginCallback<GatehouseAuthOptions>>[0],
    opts: GatehouseAuthOptions,
    done: (err?: Error) => void,
  ) => {
    const { verifier, ...rest } = opts;
    const hook = requireToken(verifier, rest);
    if (!instance.hasRequestDecorator('auth')) instance.decorateRequest('auth', undefined);
    instance.addHook('onRequest', hook);
    done();
  },
  {
    // What fastify-plugin sets: the hook applies to the registering scope, not a child of it.
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@gatehouse/verify',
  },
);

import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasControlCharacters } from '@gatehouse/schemas';
import { unescape } from 'node:querystring';
import type { z } from 'zod';
import { safeEqual } from '../crypto/safe-equal.js';
import { readBody } from '../http/body.js';
import { NO_STORE, sendJson } from '../http/respond.js';
import type { Handler } from '../http/router.js';
import { PayloadTooLarge } from '../http/errors.js';
import { noteClient, noteRoute } from '../http/request-facts.js';
import { ApiHttpError, fromZod, toApiError, unauthenticated, validationFailed } from './api-error.js';
import { authenticate, requestOrigin } from './authenticate.js';
import type { AdminServer } from './context.js';
import { ANSWERED, type AnyRoute } from './route.js';
import { CLI_ACTOR, type PersonActor } from '../services/actor.js';

const JSON_LIMIT = 256 * 1024;

const ANONYMOUS: PersonActor = Object.freeze({
  ...CLI_ACTOR,
  type: 'system',
  isAdmin: false,
  name: 'anonymous',
  scopes: new Set<string>(),
});

interface Compiled {
  route: AnyRoute;
  pattern: RegExp;
  names: string[];
}

function compile(route: AnyRoute): Compiled {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function isJson(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

function isYaml(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml';
}

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (error instanceof PayloadTooLarge) {
      throw new ApiHttpError(413, 'payload_too_large', `the body must be at most ${limit} bytes`);
    }
    throw error;
  }
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of url.searchParams) out[key] = value;
  return out;
}

/**
 * A state-changing request carried by a session cookie must also carry the session's CSRF
 * token in a header, which another site's page can neither read nor set. A browser's
 * Origin header, when present, must be this deployment's.
 */
function checkCsrf(req: IncomingMessage, csrfToken: string, server: AdminServer): void {
  checkOrigin(req, server);
  if (!safeEqual(String(req.headers['x-csrf-token'] ?? ''), csrfToken)) {
    throw new ApiHttpError(403, 'csrf_failed', 'missing or wrong X-CSRF-Token header; reload the page');
  }
}

function checkOrigin(req: IncomingMessage, server: AdminServer): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== new URL(server.issuer).origin) {
    const host = req.headers.host;
    if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) {
      throw new ApiHttpError(403, 'csrf_failed', 'the request came from another site');
    }
  }
}

async function readJson(
  req: IncomingMessage,
  schema: z.ZodType,
  yaml = false,
  limit = JSON_LIMIT,
): Promise<unknown> {
  const bodiless =
    req.headers['content-length'] === '0' ||
    (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined);
  // No body at all reads as {}: `POST …/approve` with nothing to add is a complete request.
  if (bodiless && req.headers['content-type'] === undefined) return parse(schema, {});
  // A route that takes a file as it is (gatehouse.yaml) gets its text; the handler parses it.
  if (yaml && isYaml(req.headers['content-type']))
    return { yaml: (await readLimited(req, limit)).toString('utf8') };
  if (!isJson(req.headers['content-type'])) {
    throw new ApiHttpError(
      415,
      'unsupported_media_type',
      `send the body as application/json${yaml ? ' or application/yaml' : ''}`,
    );
  }
  const raw = await readLimited(req, limit);
  let value: unknown;
  try {
    value = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiHttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
  const nul = findNul(value);
  if (nul !== undefined) {
    throw validationFailed([{ path: nul, message: 'must not contain a NUL character' }]);
  }
  return parse(schema, value);
}

/**
 * Where in a JSON body a NUL character sits, if anywhere. The schemas refuse control characters
 * field by field; this covers what no schema names (record keys, fields a schema strips), so a
 * NUL never reaches the store, which on PostgreSQL cannot hold one.
 */
function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\0')) return at.replace(/\0/g, '\\0');
    const found = findNul(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

function parse(schema: z.ZodType, value: unknown): unknown {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

/** Routes `/api/...` requests through the table: authenticate, check CSRF, validate, answer. */
export function createAdminHandler(server: AdminServer, routes: readonly AnyRoute[]): Handler {
  const compiled = routes.map(compile);
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await dispatch(req, res, server, compiled);
    } catch (error) {
      const known = toApiError(error);
      if (known?.code === 'store_unavailable') {
        server.logger.warn('admin request failed: store unreachable', {
          method: req.method,
          path: req.url?.split('?')[0],
          error: (error as Error).cause as Error,
        });
      }
      if (!known) {
        if (req.destroyed && !req.complete) {
          res.destroy();
          return;
        }
        server.logger.error('admin request failed', {
          method: req.method,
          path: req.url?.split('?')[0],
          error,
        });
      }
      const answer = known ?? new ApiHttpError(500, 'server_error', 'something went wrong on our side');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, answer.status, answer.toJSON(), {
        ...NO_STORE,
        ...answer.headers,
        ...(req.complete ? {} : { connection: 'close' }),
      });
      if (!req.complete) req.resume();
    }
  };
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  server: AdminServer,
  compiled: Compiled[],
) {
  const url = new URL(req.url ?? '/', 'http://gatehouse.invalid');
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  let pathMatched = false;
  let found: { c: Compiled; match: RegExpExecArray } | undefined;
  for (const c of compiled) {
    const match = c.pattern.exec(url.pathname);
    if (!match) continue;
    pathMatched = true;
    if (c.route.method === method) {
      found = { c, match };
      break;
    }
  }
  if (!found) {
    if (pathMatched) throw new ApiHttpError(405, 'method_not_allowed', `${method} is not allowed here`);
    throw new ApiHttpError(404, 'not_found', `no endpoint ${url.pathname}`);
  }
  const { route } = found.c;
  noteRoute(req, route.path);
  const params: Record<string, string> = {};
  found.c.names.forEach((name, i) => {
    // querystring's unescape never throws: a malformed escape names nothing, so it ends as a 404.
    params[name] = unescape(found.match[i + 1] ?? '');
  });
  // No id, identifier or name holds a control character: nothing by that name exists.
  if (Object.values(params).some(hasControlCharacters)) {
    throw new ApiHttpError(404, 'not_found', 'nothing here has a name with control characters in it');
  }
  let query: unknown;
  if (route.query) {
    const parsed = (route.query as z.ZodType).safeParse(queryObject(url));
    if (!parsed.success) throw fromZod(parsed.error, 'query');
    query = parsed.data;
  }
  const caller = await authenticate(req, server);
  // A machine caller is a client like any other in the access log; a person's session is not.
  if (caller?.auth.kind === 'bearer') noteClient(req, caller.auth.clientId);
  if (!caller && route.access !== 'public') throw unauthenticated();
  if (route.access === 'user' && caller?.auth.kind !== 'session') {
    throw new ApiHttpError(403, 'forbidden', 'this endpoint is for people signed in to the portal');
  }
  if (method !== 'GET') {
    // Signing in has no session token yet; the Origin check and SameSite cookies cover it.
    if (route.access === 'public') checkOrigin(req, server);
    else if (caller?.auth.kind === 'session') checkCsrf(req, caller.auth.csrfToken, server);
  }
  const body = route.body
    ? await readJson(req, route.body as z.ZodType, route.yamlBody === true, route.bodyLimit)
    : undefined;
  const result = await route.handler({
    req,
    res,
    params,
    query,
    body,
    // Public routes without a caller never reach a service that checks authority; if one did,
    // an empty scope set refuses it rather than reading as "not limited by scope".
    actor: caller?.actor ?? ANONYMOUS,
    auth: caller?.auth ?? { kind: 'none' },
    server,
    origin: requestOrigin(req),
  });
  // A change made here takes effect on this instance before the answer: the next token request sees it.
  // The change is committed by now: a store lost in between must not report it as failed (the
  // caller would retry a write that happened); the background poll catches up instead.
  if (method !== 'GET') {
    await server.runtime.poll().catch((error: unknown) => {
      server.logger.warn('could not apply a committed change at once; the next poll will', {
        path: route.path,
        error: error as Error,
      });
    });
  }
  if (result === ANSWERED) return;
  if (result === undefined) {
    res.writeHead(204, NO_STORE);
    res.end();
    return;
  }
  if (route.response) {
    const checked = route.response.safeParse(result);
    if (!checked.success) {
      server.logger.error('admin answer does not match its schema', {
        path: route.path,
        issues: checked.error.issues,
      });
      throw new ApiHttpError(500, 'server_error', 'something went wrong on our side');
    }
  }
  sendJson(res, route.status ?? 200, result, NO_STORE);
}

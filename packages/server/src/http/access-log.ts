import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { OPERATIONAL_PATHS } from './probes.js';
import { factsOf } from './request-facts.js';
import { requestIdOf } from './request-id.js';

/**
 * Status written for a request whose client went away before any answer was sent (nginx's
 * "client closed request"); the line also says `aborted: true`.
 */
export const CLIENT_CLOSED = 499;

/** Probes come every few seconds from every load balancer: at info they would drown the rest. */
const PROBES: ReadonlySet<string> = new Set(OPERATIONAL_PATHS);

const watched = new WeakSet<IncomingMessage>();

/**
 * Writes one line for `req` once its answer is sent (`finish`) or the connection is gone first
 * (`close`): method, route pattern, status, duration, the client when known, the request id. It
 * never carries the path, the query string, a header value or a body, so never a credential.
 * Idempotent: a request with `Expect: 100-continue` is seen twice.
 */
export function watchRequest(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  if (watched.has(req)) return;
  watched.add(req);
  const started = performance.now();
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const aborted = !res.writableFinished;
    const { route, clientId } = factsOf(req);
    const fields: Record<string, unknown> = {
      method: req.method,
      route: route ?? null,
      status: aborted && !res.headersSent ? CLIENT_CLOSED : res.statusCode,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    };
    if (clientId !== undefined) fields.clientId = clientId;
    fields.requestId = requestIdOf(req);
    if (aborted) fields.aborted = true;
    if (route !== undefined && PROBES.has(route)) logger.debug('request', fields);
    else logger.info('request', fields);
  };
  res.once('finish', write);
  res.once('close', write);
}

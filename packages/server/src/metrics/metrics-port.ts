import type { Server } from 'node:http';
import { FORM_LIMIT } from '../oauth/form-request.js';
import { Router } from '../http/router.js';
import { createHttpServer, listen } from '../http/server.js';
import type { Logger } from '../log.js';
import { mountMetrics, type MetricsSource } from './endpoint.js';

/** The metrics port as it listens. */
export interface MetricsPort {
  http: Server;
  /** e.g. http://127.0.0.1:9464 */
  url: string;
}

/**
 * GATEHOUSE_METRICS_PORT: only /metrics here (and JSON 404s), so the port can be opened to the
 * scraper and nobody else.
 */
export async function listenMetrics(
  source: MetricsSource,
  at: { port: number; host: string },
  logger: Logger,
): Promise<MetricsPort> {
  const router = new Router();
  mountMetrics(router, source, 'here');
  const http = createHttpServer(router, logger, FORM_LIMIT);
  const address = await listen(http, at.port, at.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { http, url: `http://${host}:${address.port}` };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotFound } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { Metrics } from './metrics.js';

/** What /metrics answers: this process's own metrics, or a cluster's added up by its primary. */
export type MetricsSource = Pick<Metrics, 'scrape'>;

/** Where metrics are served, as serve.ts decided it from the configuration. */
export type MetricsPlacement = 'here' | 'own-port' | 'off';

async function sendMetrics(metrics: MetricsSource, res: ServerResponse): Promise<void> {
  const { contentType, body } = await metrics.scrape();
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/**
 * `GET /metrics` on `router`. Where metrics live elsewhere or are off, the path still answers
 * a JSON 404, so a scraper pointed at the wrong port never mistakes the portal's HTML for them.
 */
export function mountMetrics(router: Router, metrics: MetricsSource, placement: MetricsPlacement): void {
  router.on('GET', '/metrics', (_req: IncomingMessage, res: ServerResponse) => {
    if (placement === 'here') return sendMetrics(metrics, res);
    throw new NotFound(
      placement === 'off'
        ? 'metrics are turned off (GATEHOUSE_METRICS=off)'
        : 'metrics are served on their own port (GATEHOUSE_METRICS_PORT)',
    );
  });
}

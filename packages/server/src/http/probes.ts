import { NO_STORE, sendJson } from './respond.js';
import type { Router } from './router.js';
import type { Readiness } from '../services/readiness.js';

/** Operational paths: answered here in JSON, never by the portal's catch-all. */
export const OPERATIONAL_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/**
 * `/healthz` is liveness: it touches nothing but the event loop, so it fails only when the
 * process cannot serve at all and a restart would help. `/readyz` is readiness: 503 with the
 * failing checks while this instance should not get new traffic. `/metrics` is mounted beside
 * them (metrics/endpoint.ts), a JSON 404 where metrics are off or on their own port.
 */
export function mountProbes(router: Router, readiness: Readiness): void {
  router
    .on('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }))
    .on('GET', '/readyz', (_req, res) => {
      const { ready, checks } = readiness.report();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'not_ready', checks }, NO_STORE);
    });
}

/** Whether `path` is one of the operational paths or under one (`/metrics/`, `/healthz/x`). */
export function isOperationalPath(path: string): boolean {
  return OPERATIONAL_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

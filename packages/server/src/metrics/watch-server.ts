import type { BoundedWork } from '../bounded-work.js';
import type { OpenGatehouse } from '../services/gatehouse.js';
import type { Readiness } from '../services/readiness.js';
import type { Runtime } from '../services/runtime.js';
import type { TokenService } from '../services/tokens.js';
import type { Metrics } from './metrics.js';

/** The parts of a running server whose state the scrape-time gauges read. */
export interface WatchedParts {
  runtime: Runtime;
  readiness: Readiness;
  tokens: TokenService;
  assertionChecks: BoundedWork;
  gatehouse: OpenGatehouse;
}

/** libuv's pool: four threads unless UV_THREADPOOL_SIZE says otherwise (read once, at the pool's start). */
function libuvThreads(): number {
  const size = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * Points the metrics that are read at scrape time at their sources. Nothing here adds work to a
 * request: each gauge reads a field or a getter when Prometheus asks, and the one store query
 * (portal sessions) is cached and bounded in time.
 */
export function watchServer(metrics: Metrics, parts: WatchedParts): void {
  const { runtime, readiness, tokens, assertionChecks, gatehouse } = parts;
  if (!metrics.enabled) return;
  metrics.watchCacheSize('client', () => runtime.cachedClients);
  metrics.watchRuntime({
    lastPollAt: () => runtime.pollHealth?.lastSuccessAt,
    revocationListSize: () => runtime.revocations.size,
    signingKeys: () => (runtime.hasSigningKeys ? runtime.keys.signers.values() : []),
    now: () => gatehouse.clock.now(),
    ready: () => readiness.report().ready,
  });
  const threads = libuvThreads();
  metrics.watchWorkPool('token_signing', () => {
    const handed = tokens.signingDepth.pool;
    // The pool is shared (file reads, assertion checks), so this is a lower bound of its queue.
    return { queued: Math.max(0, handed - threads), inFlight: Math.min(handed, threads) };
  });
  metrics.watchWorkPool('pool_token_signing', () => tokens.signingDepth.threads);
  metrics.watchWorkPool('assertion_checks', () => ({
    queued: assertionChecks.queued,
    inFlight: assertionChecks.running,
  }));
  metrics.watchSessions(() => gatehouse.sessions.countActive());
}

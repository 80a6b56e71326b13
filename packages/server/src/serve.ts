import type { Server } from 'node:http';
import { type Config, effectiveIssuer } from './config.js';
import { type OpenGatehouse, type OpenOptions, openGatehouse } from './services/gatehouse.js';
import { FORM_LIMIT } from './oauth/form-request.js';
import { Router } from './http/router.js';
import { mountProbes } from './http/probes.js';
import { Readiness } from './services/readiness.js';
import { createHttpServer, listen } from './http/server.js';
import { InFlight } from './http/in-flight.js';
import { createLogger, type Logger } from './log.js';
import type { OAuthServer } from './oauth/context.js';
import { PATHS } from './oauth/metadata.js';
import { mountOAuth } from './oauth/routes.js';
import { mountPoolPages } from './pools/page-routes.js';
import { BoundedWork } from './bounded-work.js';
import { RevocationGuard } from './oauth/revocation-guard.js';
import { ClientJwksFetcher } from './services/client-jwks.js';
import { PerClientRate } from './services/per-client-rate.js';
import { ClientAuthFailures } from './oauth/client-auth/failures.js';
import { createMetrics, type Metrics, noopMetrics } from './metrics/metrics.js';
import { type MetricsPlacement, type MetricsSource, mountMetrics } from './metrics/endpoint.js';
import { listenMetrics } from './metrics/metrics-port.js';
import { watchServer } from './metrics/watch-server.js';
import { Runtime } from './services/runtime.js';
import type { RateLimitObserver } from './services/rate-limits/observer.js';
import { RateLimiter } from './services/rate-limits/rate-limiter.js';
import { TokenService } from './services/tokens.js';
import { mountAdmin } from './admin/mount.js';
import type { SsoDoor } from './admin/sso-door.js';
import { openSso } from './admin/sso.js';
import { findPortalDir, portalHandler } from './http/static.js';
import { sweepStore } from './sweeps.js';
import type { ChangeApplier } from './services/change-applier.js';
import type { ChangeFeed } from './services/change-feed.js';
import type { Db } from './store/db.js';
import { announceSetup } from './setup.js';
import { mountPoolProtocol } from './pools/protocol-routes.js';
import { mountCognito } from './cognito/mount.js';
import { TokenHookCaller } from './services/token-hooks/hook-caller.js';

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:4455. */
  url: string;
  issuer: string;
  gatehouse: OpenGatehouse;
  runtime: Runtime;
  http: Server;
  /** This instance's metrics (noopMetrics when GATEHOUSE_METRICS=off). */
  metrics: Metrics;
  /** Where /metrics is served when it has its own port (GATEHOUSE_METRICS_PORT), e.g. http://127.0.0.1:9464. */
  metricsUrl: string | undefined;
  /** Per-client rate limits: where they are counted now (`mode`). */
  rateLimits: RateLimiter;
  /** What /readyz answers from: the store's last answer to the change poll, and the signing keys. */
  readiness: Readiness;
  /** The one-time link that creates the first admin, while no account exists. */
  setupUrl: string | undefined;
  /** Stops accepting connections, finishes in-flight requests, flushes and closes the store. */
  close(): Promise<void>;
}

/**
 * Assertion signatures checked at once. libuv's pool has four threads unless UV_THREADPOOL_SIZE
 * says otherwise; the rest stay free for signing tokens.
 */
const ASSERTION_CHECKS = 1;
/** Assertions waiting for a check; more are refused with 429 at once. */
const ASSERTION_QUEUE = 32;

/** Port 0 picks a free port; an unset issuer then follows the chosen port. */
export interface ServeOptions extends OpenOptions {
  /** Rate-limit decisions and backend switches, for metrics. */
  rateLimitObserver?: RateLimitObserver;
  /** Set in a worker of a cluster (cluster/worker.ts): what the primary does once for all workers. */
  worker?: WorkerRole | undefined;
}

/** How a cluster worker differs from a server on its own. */
export interface WorkerRole {
  /** Changes arrive from the primary's poll instead of this process's own. */
  changeFeed(applier: ChangeApplier, db: Db): ChangeFeed;
  /** /metrics answers the whole cluster's figures, which the primary adds up. */
  clusterMetrics?: MetricsSource;
}

export async function startServer(config: Config, options: ServeOptions = {}): Promise<RunningServer> {
  const { worker } = options;
  const logger: Logger = options.logger ?? createLogger(config.logLevel);
  const metrics = config.metrics.enabled ? createMetrics() : noopMetrics;
  const gatehouse = await openGatehouse(config, { ...options, logger, metrics });
  const clientAuthFailures = new ClientAuthFailures(
    config.clientAuth,
    gatehouse.clock,
    logger,
    metrics.clientAuth,
  );
  const runtime = new Runtime({
    db: gatehouse.db,
    clock: gatehouse.clock,
    keys: gatehouse.keys,
    logger,
    changePollMs: config.changePollMs,
    clientCacheSize: config.clientCacheSize,
    clientCacheMetrics: metrics.clientCache,
    housekeeping: async () => clientAuthFailures.flush(),
    // In a cluster worker, the primary does the store-wide work once for every worker.
    storeUpkeep: worker ? undefined : () => sweepStore(gatehouse),
    changeFeed: worker?.changeFeed,
  });
  runtime.subscribe(gatehouse.accessKeys);
  await runtime.start();
  const router = new Router();
  const readiness = new Readiness(runtime, config.readyStoreGraceMs);
  mountProbes(router, readiness);
  const placement: MetricsPlacement = !config.metrics.enabled
    ? 'off'
    : config.metrics.port === undefined
      ? 'here'
      : 'own-port';
  mountMetrics(router, worker?.clusterMetrics ?? metrics, placement);
  const http = createHttpServer(router, logger, FORM_LIMIT, { accessLog: config.accessLog });
  let metricsHttp: Server | undefined;
  const inFlight = new InFlight(http);
  const closeAll = async () => {
    http.close();
    metricsHttp?.close();
    await runtime.stop();
    await gatehouse.close();
  };
  let address: Awaited<ReturnType<typeof listen>>;
  try {
    address = await listen(http, config.port, config.host);
  } catch (error) {
    await runtime.stop();
    await gatehouse.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const issuer = effectiveIssuer(config, address.port);
  gatehouse.userPools.useIssuer(issuer);
  const hooks = new TokenHookCaller({
    clock: gatehouse.clock,
    logger,
    secrets: gatehouse.hookSecrets,
    extraCa: config.tokenHooks.extraCa,
    concurrency: config.tokenHooks.concurrency,
    metrics: metrics.tokenHooks,
  });
  const tokens = new TokenService({ db: gatehouse.db, runtime, clock: gatehouse.clock, issuer, hooks });
  const assertionChecks = new BoundedWork(ASSERTION_CHECKS, ASSERTION_QUEUE);
  watchServer(metrics, { runtime, readiness, tokens, assertionChecks, gatehouse });
  const { redisUrl, redisKeyPrefix, redisTimeoutMs, instances } = config.rateLimits;
  const rateLimits = new RateLimiter({
    clock: gatehouse.clock,
    logger,
    // Each process counts on its own without Redis: a cluster's workers split the instance's share.
    localShare: instances * (worker ? config.workers : 1),
    observer: options.rateLimitObserver ?? metrics.rateLimits,
    redis: redisUrl ? { url: redisUrl, prefix: redisKeyPrefix, timeoutMs: redisTimeoutMs } : undefined,
  });
  await rateLimits.start();
  const oauth: OAuthServer = {
    issuer,
    tokenEndpoint: issuer + PATHS.token,
    runtime,
    clock: gatehouse.clock,
    tokens,
    logger,
    clientJwks: new ClientJwksFetcher(() => gatehouse.clock.now(), logger),
    assertionChecks,
    revocationGuard: new RevocationGuard(
      new PerClientRate(config.revokePerMinute, gatehouse.clock),
      config.revocationListMax,
      logger,
    ),
    clientAuthFailures,
    metrics,
    rateLimits,
  };
  mountOAuth(router, oauth);
  let sso: SsoDoor | undefined;
  try {
    sso = await openSso(config, issuer, gatehouse, logger);
  } catch (error) {
    rateLimits.close();
    await closeAll();
    throw error;
  }
  mountAdmin(router, {
    gatehouse,
    runtime,
    clock: gatehouse.clock,
    logger,
    issuer,
    secureCookies: issuer.startsWith('https:'),
    localLogin: config.localLogin,
    sso,
  });
  mountPoolPages(router, { gatehouse, runtime, issuer, logger });
  const pools = mountPoolProtocol(router, { server: oauth, gatehouse });
  const portal = portalHandler(findPortalDir());
  mountCognito(router, { gatehouse, pools, logger, portal });
  router.under('/', portal);
  let metricsUrl: string | undefined;
  // A cluster's workers leave the metrics port to their primary, which adds up their figures.
  if (placement === 'own-port' && !worker) {
    try {
      const port = await listenMetrics(
        metrics,
        { port: config.metrics.port as number, host: config.metrics.host },
        logger,
      );
      metricsHttp = port.http;
      metricsUrl = port.url;
    } catch (error) {
      await closeAll();
      throw error;
    }
  }
  // Once per deployment start: a cluster's primary says these for all its workers.
  const setupUrl = worker ? undefined : await announceSetup(gatehouse, config, issuer, logger);
  if (!worker) logger.info('user-pool mail goes to', { mail: gatehouse.mailer.describe() });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      metricsHttp?.close();
      metricsHttp?.closeIdleConnections();
      await inFlight.idle();
      // The connections that carried the last answers stay open for more: nothing more comes.
      http.closeIdleConnections();
      await closed;
      await runtime.stop();
      rateLimits.close();
      await tokens.close();
      hooks.close();
      await gatehouse.close();
    })();
    return closing;
  };
  return {
    url,
    issuer,
    gatehouse,
    runtime,
    http,
    close,
    setupUrl,
    metrics,
    metricsUrl,
    readiness,
    rateLimits,
  };
}

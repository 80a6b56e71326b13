import { collectDefaultMetrics, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';
import { type CacheMetrics, type CacheName, noopCacheMetrics, PromCacheMetrics } from './cache-metrics.js';
import {
  type ClientAuthMetrics,
  noopClientAuthMetrics,
  PromClientAuthMetrics,
} from './client-auth-metrics.js';
import {
  noopRateLimitObserver,
  PromRateLimitObserver,
  type RateLimitObserver,
} from './rate-limit-metrics.js';
import { registerRuntimeGauges, type RuntimeSource } from './runtime-gauges.js';
import { registerSessionGauge } from './session-gauge.js';
import { noopStoreMetrics, PromStoreMetrics, type StoreMetrics } from './store-metrics.js';
import { noopTokenMetrics, PromTokenMetrics, type TokenMetrics } from './token-metrics.js';
import { type HookMetrics, noopHookMetrics } from '../services/token-hooks/hook-caller.js';
import { PromHookMetrics } from './token-hook-metrics.js';
import { type WorkDepth, WorkPoolGauges, type WorkPoolName } from './work-pool-gauges.js';

/**
 * Everything Gatehouse measures, for one server instance. The parts that requests touch are
 * bound once at start (tokens, clientAuth, clientCache, store, rateLimits); the rest is read
 * from its source when Prometheus scrapes (`watch*`). Code that does not care takes
 * `noopMetrics`, which measures nothing and costs nothing.
 */
export interface Metrics {
  readonly enabled: boolean;
  readonly tokens: TokenMetrics;
  readonly clientAuth: ClientAuthMetrics;
  readonly clientCache: CacheMetrics;
  readonly store: StoreMetrics;
  /** For the rate limiter (its RateLimitObserver). */
  readonly rateLimits: RateLimitObserver;
  /** Calls to resource servers' token hooks, by outcome. */
  readonly tokenHooks: HookMetrics;
  watchCacheSize(cache: CacheName, size: () => number): void;
  watchWorkPool(pool: WorkPoolName, depth: () => WorkDepth): void;
  watchRuntime(source: RuntimeSource): void;
  /** Active portal sessions, counted in the store at scrape time (cached briefly). */
  watchSessions(count: () => Promise<number>): void;
  /** The Prometheus text exposition and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
  /**
   * Every metric as prom-client's JSON (`Registry.getMetricsAsJSON`): what a cluster's primary
   * adds up across workers with `AggregatorRegistry.aggregate`.
   */
  asJson(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

export const noopMetrics: Metrics = {
  enabled: false,
  tokens: noopTokenMetrics,
  clientAuth: noopClientAuthMetrics,
  clientCache: noopCacheMetrics,
  store: noopStoreMetrics,
  rateLimits: noopRateLimitObserver,
  tokenHooks: noopHookMetrics,
  watchCacheSize() {},
  watchWorkPool() {},
  watchRuntime() {},
  watchSessions() {},
  scrape() {
    return Promise.reject(new Error('metrics are off'));
  },
  asJson() {
    return Promise.resolve([]);
  },
};

class PromMetrics implements Metrics {
  readonly enabled = true;
  readonly registry = new Registry();
  readonly tokens: TokenMetrics;
  readonly clientAuth: ClientAuthMetrics;
  readonly clientCache: CacheMetrics;
  readonly store: StoreMetrics;
  readonly rateLimits: RateLimitObserver;
  readonly tokenHooks: HookMetrics;
  private readonly caches: PromCacheMetrics;
  private readonly pools: WorkPoolGauges;
  private runtime: RuntimeSource | undefined;

  constructor() {
    const registry = this.registry;
    // The standard names (process_*, nodejs_*), so the usual Node.js dashboards work as they are;
    // nodejs_eventloop_lag_* among them is the event-loop lag every token request waits behind.
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
    this.tokens = new PromTokenMetrics(registry);
    this.clientAuth = new PromClientAuthMetrics(registry);
    this.caches = new PromCacheMetrics(registry);
    this.clientCache = this.caches.cache('client');
    this.store = new PromStoreMetrics(registry);
    this.rateLimits = new PromRateLimitObserver(registry);
    this.tokenHooks = new PromHookMetrics(registry);
    this.pools = new WorkPoolGauges(registry);
    registerRuntimeGauges(registry, () => this.runtime);
  }

  watchCacheSize(cache: CacheName, size: () => number): void {
    this.caches.size(cache, size);
  }

  watchWorkPool(pool: WorkPoolName, depth: () => WorkDepth): void {
    this.pools.watch(pool, depth);
  }

  watchRuntime(source: RuntimeSource): void {
    this.runtime = source;
  }

  watchSessions(count: () => Promise<number>): void {
    registerSessionGauge(this.registry, count);
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  asJson(): Promise<MetricObjectWithValues<MetricValue<string>>[]> {
    return this.registry.getMetricsAsJSON();
  }
}

/** A fresh set of metrics on its own registry: two servers in one process (tests) never share one. */
export function createMetrics(): Metrics {
  return new PromMetrics();
}

import { Gauge, type Registry } from 'prom-client';
import { CounterCells } from './counter-cells.js';

/** Hits and misses of one in-memory cache on the token path. */
export interface CacheMetrics {
  hit(): void;
  miss(): void;
}

export const noopCacheMetrics: CacheMetrics = {
  hit() {},
  miss() {},
};

/** The caches that report; a fixed set, so the `cache` label stays small. */
export type CacheName = 'client';

/**
 * `gatehouse_cache_requests_total{cache,result}` and `gatehouse_cache_entries{cache}`. The size
 * is read from the cache when Prometheus scrapes, so keeping it costs the cache nothing.
 */
export class PromCacheMetrics {
  private readonly requests: CounterCells<'cache' | 'result'>;
  private readonly sizes = new Map<CacheName, () => number>();

  constructor(registry: Registry) {
    this.requests = new CounterCells(registry, {
      name: 'gatehouse_cache_requests_total',
      help: 'Lookups in an in-memory cache by cache and result (hit|miss); a miss reads the store',
      labelNames: ['cache', 'result'] as const,
    });
    const sizes = this.sizes;
    new Gauge({
      name: 'gatehouse_cache_entries',
      help: 'Entries held by an in-memory cache, read at scrape time',
      labelNames: ['cache'] as const,
      registers: [registry],
      collect() {
        for (const [cache, size] of sizes) this.labels(cache).set(size());
      },
    });
  }

  /** The hit and miss counters of `cache`, bound once. */
  cache(cache: CacheName): CacheMetrics {
    const hits = this.requests.cell({ cache, result: 'hit' });
    const misses = this.requests.cell({ cache, result: 'miss' });
    return { hit: () => hits.inc(), miss: () => misses.inc() };
  }

  /** Reports `size()` as the cache's entries at every scrape. */
  size(cache: CacheName, size: () => number): void {
    this.sizes.set(cache, size);
  }
}

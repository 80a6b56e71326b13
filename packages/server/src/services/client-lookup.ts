import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { type CacheMetrics, noopCacheMetrics } from '../metrics/cache-metrics.js';
import { type ClientEntry, loadClientEntry } from './cache-entries.js';
import { ClientCache } from './client-cache.js';
import { StoreUnavailableError } from './errors.js';

const MISSING_LIMIT = 10_000;
/** Client ids are short printable strings; anything else is unknown without asking the store. */
const PLAUSIBLE_ID = /^[\x21-\x7e]{1,256}$/;

/**
 * Clients as the token path finds them: from memory when warm, with one store read on a miss
 * shared by every request that asks meanwhile. Unknown ids are remembered too, so a flood of
 * made-up ids does not reach the store twice.
 */
export class ClientLookup {
  private readonly cache: ClientCache;
  private readonly missing = new Set<string>();
  private readonly loading = new Map<string, Promise<ClientEntry | undefined>>();
  /** Bumped on every invalidation: a load that straddles one must not be cached. */
  private epoch = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    capacity: number,
    private readonly metrics: CacheMetrics = noopCacheMetrics,
  ) {
    this.cache = new ClientCache(capacity);
  }

  /** Clients held in memory now. */
  get size(): number {
    return this.cache.size;
  }

  /** Throws StoreUnavailableError when a miss cannot be read. */
  async get(clientId: string): Promise<ClientEntry | undefined> {
    const cached = this.cache.get(clientId);
    if (cached) {
      if (cached.refreshAt > this.clock.now()) {
        this.metrics.hit();
        return cached;
      }
      // A time-limited permission has run out: reload so the token no longer carries it.
      this.invalidate(clientId);
    }
    // Unknown ids remembered as missing count too: each is a request the cache did not serve.
    this.metrics.miss();
    if (this.missing.has(clientId) || !PLAUSIBLE_ID.test(clientId)) return undefined;
    let pending = this.loading.get(clientId);
    if (!pending) {
      const epoch = this.epoch;
      const load: Promise<ClientEntry | undefined> = loadClientEntry(
        this.db,
        clientId,
        this.clock.now(),
      ).then(
        (entry) => {
          if (this.loading.get(clientId) === load) this.loading.delete(clientId);
          if (epoch === this.epoch) {
            if (entry) this.cache.set(clientId, entry);
            else this.rememberMissing(clientId);
          }
          return entry;
        },
        (error: unknown) => {
          if (this.loading.get(clientId) === load) this.loading.delete(clientId);
          throw new StoreUnavailableError(error);
        },
      );
      pending = load;
      this.loading.set(clientId, pending);
    }
    return pending;
  }

  invalidate(clientId: string): void {
    this.epoch++;
    this.cache.delete(clientId);
    // A load already in flight may have read the old row: later requests must not join it.
    this.loading.delete(clientId);
    this.missing.delete(clientId);
  }

  dropAll(): void {
    this.epoch++;
    this.cache.clear();
    this.missing.clear();
    this.loading.clear();
  }

  private rememberMissing(clientId: string): void {
    if (this.missing.size >= MISSING_LIMIT) this.missing.clear();
    this.missing.add(clientId);
  }
}

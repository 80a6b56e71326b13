import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import type { CacheMetrics } from '../metrics/cache-metrics.js';
import type { ClientEntry, ResourceEntry } from './cache-entries.js';
import { ChangeApplier, type ChangeListener } from './change-applier.js';
import type { ChangeFeed, PollHealth } from './change-feed.js';
import { ChangePoller } from './change-poller.js';
import { ClientLookup } from './client-lookup.js';
import type { Keyring, KeyService } from './keys.js';
import { Maintenance, purgeExpired } from './maintenance.js';
import { resolveQualifiedScope } from './qualified-scope.js';
import type { RevocationList } from './revocation-list.js';
import { openRevocationList } from './revocation-sync.js';
import { UsageBuffer } from './usage-buffer.js';

export interface RuntimeOptions {
  db: Db;
  clock: Clock;
  keys: KeyService;
  logger: Logger;
  changePollMs: number;
  /** Most clients kept in memory; past it, those not used lately are read again when they ask. */
  clientCacheSize: number;
  /** Periodic work of other services in this process (in-memory counters), run with the cache's own. */
  housekeeping?: () => Promise<void>;
  /** Hits and misses of the client cache; none counted when not given. */
  clientCacheMetrics?: CacheMetrics;
  /**
   * Periodic store-wide work of other services (expired permissions, old sessions), run after
   * the runtime's own purges. A cluster worker has none: its primary does it once for all.
   */
  storeUpkeep?: (() => Promise<void>) | undefined;
  /**
   * Where changes come from in a cluster worker: its primary's poll, forwarded. Unset: this
   * process polls the change log itself.
   */
  changeFeed?: ((applier: ChangeApplier, db: Db) => ChangeFeed) | undefined;
}

/**
 * The in-memory view the token path reads, so that a warm token request touches no database:
 * resource servers, signing keys, clients (client-lookup.ts) and the revocation list, kept
 * current by the change poller (change-poller.ts). If the database goes away, tokens keep
 * flowing for cached clients while polling retries.
 */
export class Runtime {
  private resources = new Map<string, ResourceEntry>();
  private keyring!: Keyring;
  private readonly clients: ClientLookup;
  private readonly usage: UsageBuffer;
  /** Revoked token ids and disabled or recently deleted clients, published for verifiers' kill switch. */
  private list!: RevocationList;
  private poller: ChangeFeed | undefined;
  private readonly listeners: ChangeListener[] = [];
  private maintenance: Maintenance | undefined;

  constructor(private readonly options: RuntimeOptions) {
    this.clients = new ClientLookup(
      options.db,
      options.clock,
      options.clientCacheSize,
      options.clientCacheMetrics,
    );
    this.usage = new UsageBuffer(options.db);
  }

  async start(): Promise<void> {
    const { db, clock } = this.options;
    this.list = await openRevocationList(db, clock);
    const applier = new ChangeApplier(this.options, {
      clients: this.clients,
      listeners: this.listeners,
      list: this.list,
      setResources: (resources) => {
        this.resources = resources;
      },
      setKeyring: (keyring) => {
        this.keyring = keyring;
      },
    });
    const { changeFeed, storeUpkeep, housekeeping, keys, logger } = this.options;
    this.poller = changeFeed ? changeFeed(applier, db) : new ChangePoller(this.options, applier);
    await this.poller.start();
    this.maintenance = new Maintenance(logger, async () => {
      this.list.prune();
      // In memory: runs first, so a store that is down does not hold back what it reports.
      await housekeeping?.();
      await this.usage.flush();
      // Store-wide purges run where the log is polled: here, or in a cluster's primary for all workers.
      if (!changeFeed) await purgeExpired(db, clock, keys);
      await storeUpkeep?.();
    });
    this.maintenance.start();
  }

  async stop(): Promise<void> {
    this.maintenance?.stop();
    await this.poller?.stop();
    // Last-used times are for people: failing to save them must not stop the shutdown.
    await this.flushLastUsed().catch((error: unknown) =>
      this.options.logger.warn('could not save last-used times at shutdown', { error }),
    );
  }

  /** Another cache that the change log keeps current, such as the pools' (services/pools/pool-cache.ts). */
  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  get keys(): Keyring {
    return this.keyring;
  }

  resource(identifier: string): ResourceEntry | undefined {
    return this.resources.get(identifier);
  }

  resolveScope(qualified: string) {
    return resolveQualifiedScope(qualified, (identifier) => this.resources.get(identifier));
  }

  resourceById(id: string): ResourceEntry | undefined {
    for (const entry of this.resources.values()) if (entry.id === id) return entry;
    return undefined;
  }

  /**
   * Cached client, or one database read on a miss; unknown ids are remembered too.
   * Throws StoreUnavailableError when a miss cannot be read.
   */
  client(clientId: string): Promise<ClientEntry | undefined> {
    return this.clients.get(clientId);
  }

  isRevoked(jti: string): boolean {
    return this.list.has(jti);
  }

  /** A revocation this instance committed: effective here at once, and listed before the log brings it back. */
  noteRevoked(jti: string, expiresAt: number): void {
    this.list.notePending(jti, expiresAt);
  }

  /** The list verifiers poll; its answers are built from cached bytes, never re-serialised whole. */
  get revocations(): RevocationList {
    return this.list;
  }

  /**
   * Written behind in batches: last-used is for people, not for the token path to wait on.
   * `scopes` (on `resourceId`) are counted per scope, for the unused-scopes report.
   */
  noteUsed(clientId: string, at: number, resourceId?: string, scopes?: readonly string[]): void {
    this.usage.note(clientId, at, resourceId, scopes);
  }

  /** Which secret authenticated a client: written behind in batches like noteUsed. */
  noteSecretUsed(secretId: string, at: number): void {
    this.usage.noteSecret(secretId, at);
  }

  /** When the change poll last reached the store; undefined before start. */
  get pollHealth(): Readonly<PollHealth> | undefined {
    return this.poller?.health;
  }

  /** Clients held in the token path's cache now. */
  get cachedClients(): number {
    return this.clients.size;
  }

  /** Whether signing keys are loaded, so tokens can be signed. */
  get hasSigningKeys(): boolean {
    // Assigned by start(): undefined before it, whatever the field's type says.
    return this.keyring !== undefined && this.keyring.signers.size > 0;
  }

  /** Applies every change in the log since the last poll. Public so tests and the CLI can force it. */
  poll(): Promise<void> {
    // Before start there is nothing to bring up to date: start loads everything.
    return this.poller?.poll() ?? Promise.resolve();
  }

  /** Saves last-used times and usage counts; counts that fail to save are kept for the next try. */
  flushLastUsed(): Promise<void> {
    return this.usage.flush();
  }
}

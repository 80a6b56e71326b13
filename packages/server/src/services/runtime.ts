import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { changesSince, latestChange, purgeChanges } from '../store/repos/changes.js';
import { MAX_TOKEN_TTL } from '@gatehouse/schemas';
import {
  isClientBlocked,
  listBlockedClientIds,
  purgeDeletedClients,
  touchClients,
} from '../store/repos/clients.js';
import { addUsage, DAY_MS, type UsageCount, utcDay } from '../store/repos/usage.js';
import { findRevokedToken, listRevokedTokens, purgeExpiredTokenRecords } from '../store/repos/tokens.js';
import {
  type ClientEntry,
  loadClientEntry,
  loadResourceEntries,
  type ResourceEntry,
} from './cache-entries.js';
import { ClientCache } from './client-cache.js';
import { StoreUnavailableError } from './errors.js';
import type { Keyring, KeyService } from './keys.js';
import { resolveQualifiedScope } from './qualified-scope.js';

const MISSING_LIMIT = 10_000;
const MAINTENANCE_MS = 30_000;
const CHANGE_RETENTION_MS = 60 * 60_000;
/** Past this gap since the last good poll, changes may have been purged unseen: reload everything. */
const RESYNC_AFTER_MS = CHANGE_RETENTION_MS / 2;
/** A poll stuck on a dead connection is abandoned after this, so the next one can try afresh. */
const POLL_DEADLINE_MS = 3_000;
/** A deleted client's tokens may live this long after it goes (longest lifetime plus skew). */
const TOKEN_HORIZON_MS = MAX_TOKEN_TTL * 1000 + 5 * 60_000;
/** Client ids are short printable strings; anything else is unknown without asking the store. */
const PLAUSIBLE_ID = /^[\x21-\x7e]{1,256}$/;

export interface RuntimeOptions {
  db: Db;
  clock: Clock;
  keys: KeyService;
  logger: Logger;
  changePollMs: number;
  /** Most clients kept in memory; past it, those not used lately are read again when they ask. */
  clientCacheSize: number;
  /** Periodic work of other services (expired grants, old sessions), run with the cache's own. */
  housekeeping?: () => Promise<void>;
}

/**
 * The in-memory view the token path reads, so that a warm token request touches no database.
 * Other processes' writes arrive through the change log, polled every `changePollMs`; each
 * change drops or reloads exactly what it names. If the database goes away, tokens keep
 * flowing for cached clients while polling retries.
 */
export class Runtime {
  private resources = new Map<string, ResourceEntry>();
  private readonly clients: ClientCache;
  private readonly missing = new Set<string>();
  private readonly loading = new Map<string, Promise<ClientEntry | undefined>>();
  /** Bumped on every client invalidation: a load that straddles one must not be cached. */
  private epoch = 0;
  private readonly revoked = new Map<string, number>();
  /** Disabled and recently deleted clients, published for verifiers' kill switch. */
  private blocked = new Set<string>();
  /** The revocation list document, built on first request after a change. */
  private revocationDoc: string | undefined;
  private readonly lastUsed = new Map<string, number>();
  /** Client id → UTC day number → tokens issued, not yet saved. */
  private readonly usage = new Map<string, Map<number, number>>();
  private keyring!: Keyring;
  private seq = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  /** Only the newest poll may apply what it read; an abandoned one that wakes up late may not. */
  private pollGeneration = 0;
  private lastSynced = 0;

  constructor(private readonly options: RuntimeOptions) {
    this.clients = new ClientCache(options.clientCacheSize);
  }

  async start(): Promise<void> {
    await this.resync(this.pollGeneration);
    this.pollTimer = setInterval(() => void this.poll(), this.options.changePollMs);
    this.pollTimer.unref();
    this.maintenanceTimer = setInterval(() => void this.maintain(), MAINTENANCE_MS);
    this.maintenanceTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    clearInterval(this.maintenanceTimer);
    await this.polling;
    // Last-used times are for people: failing to save them must not stop the shutdown.
    await this.flushLastUsed().catch((error: unknown) =>
      this.options.logger.warn('could not save last-used times at shutdown', { error }),
    );
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
  async client(clientId: string): Promise<ClientEntry | undefined> {
    const cached = this.clients.get(clientId);
    if (cached) {
      if (cached.refreshAt > this.options.clock.now()) return cached;
      // A time-limited grant has run out: reload so the token no longer carries it.
      this.invalidateClient(clientId);
    }
    if (this.missing.has(clientId) || !PLAUSIBLE_ID.test(clientId)) return undefined;
    let pending = this.loading.get(clientId);
    if (!pending) {
      const epoch = this.epoch;
      const load: Promise<ClientEntry | undefined> = loadClientEntry(
        this.options.db,
        clientId,
        this.options.clock.now(),
      ).then(
        (entry) => {
          if (this.loading.get(clientId) === load) this.loading.delete(clientId);
          if (epoch === this.epoch) {
            if (entry) this.clients.set(clientId, entry);
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

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  noteRevoked(jti: string, expiresAt: number): void {
    this.revoked.set(jti, expiresAt);
    this.revocationDoc = undefined;
  }

  /**
   * Recently revoked token ids and blocked clients, as the JSON verifiers poll. Rebuilt only
   * after a change, so polling by many APIs costs one string send each.
   */
  revocationList(issuer: string): string {
    if (this.revocationDoc === undefined) {
      const revoked: { jti: string; exp: number }[] = [];
      for (const [jti, expiresAt] of this.revoked) revoked.push({ jti, exp: Math.floor(expiresAt / 1000) });
      this.revocationDoc = JSON.stringify({
        issuer,
        generated_at: Math.floor(this.options.clock.now() / 1000),
        revoked_tokens: revoked,
        disabled_clients: [...this.blocked].sort(),
      });
    }
    return this.revocationDoc;
  }

  /** Written behind in batches: last-used is for people, not for the token path to wait on. */
  noteUsed(clientId: string, at: number): void {
    this.lastUsed.set(clientId, at);
    const day = Math.floor(at / DAY_MS);
    let days = this.usage.get(clientId);
    if (!days) {
      days = new Map();
      this.usage.set(clientId, days);
    }
    days.set(day, (days.get(day) ?? 0) + 1);
  }

  /** Applies every change in the log since the last poll. Public so tests and the CLI can force it. */
  poll(): Promise<void> {
    if (!this.polling) {
      const generation = ++this.pollGeneration;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${POLL_DEADLINE_MS} ms`)),
          POLL_DEADLINE_MS,
        );
      });
      this.polling = Promise.race([this.pollOnce(generation), deadline])
        .catch((error: unknown) => {
          if (generation === this.pollGeneration) this.pollGeneration++;
          this.options.logger.warn('change poll failed; serving from cache', { error });
        })
        .finally(() => {
          clearTimeout(timer);
          this.polling = undefined;
        });
    }
    return this.polling;
  }

  private async pollOnce(generation: number): Promise<void> {
    const { db, clock } = this.options;
    const startedAt = clock.now();
    if (this.lastSynced !== 0 && startedAt - this.lastSynced > RESYNC_AFTER_MS) {
      this.options.logger.warn('change log may have moved on without this instance; reloading everything');
      await this.resync(generation);
      return;
    }
    for (;;) {
      const changes = await changesSince(db, this.seq);
      if (generation !== this.pollGeneration) return;
      if (changes.length === 0) break;
      let reloadResources = false;
      let reloadKeys = false;
      const revoked: { jti: string; expires_at: number }[] = [];
      const touched = new Set<string>();
      for (const change of changes) {
        if (change.kind === 'client') {
          this.invalidateClient(change.entity_id);
          touched.add(change.entity_id);
        } else if (change.kind === 'resource_server') reloadResources = true;
        else if (change.kind === 'keys') reloadKeys = true;
        else if (change.kind === 'revocation') {
          const row = await findRevokedToken(db, change.entity_id);
          if (row) revoked.push(row);
        }
      }
      const resources = reloadResources ? await loadResourceEntries(db) : undefined;
      const keyring = reloadKeys ? await this.options.keys.loadKeyring() : undefined;
      const horizon = clock.now() - TOKEN_HORIZON_MS;
      const blocked = new Map<string, boolean>();
      for (const id of touched) blocked.set(id, await isClientBlocked(db, id, horizon));
      if (generation !== this.pollGeneration) return;
      for (const row of revoked) this.revoked.set(row.jti, row.expires_at);
      for (const [id, isBlocked] of blocked) {
        if (isBlocked) this.blocked.add(id);
        else this.blocked.delete(id);
      }
      if (revoked.length > 0 || blocked.size > 0) this.revocationDoc = undefined;
      if (resources) {
        this.resources = resources;
        // Grants point at scopes that may be gone; clients reload on their next request.
        this.dropAllClients();
      }
      if (keyring) this.keyring = keyring;
      this.seq = changes.at(-1)?.seq ?? this.seq;
    }
    this.lastSynced = startedAt;
  }

  /** Reloads everything from the store, taking the log position first so nothing written meanwhile is lost. */
  private async resync(generation: number): Promise<void> {
    const { db, clock } = this.options;
    const startedAt = clock.now();
    const seq = await latestChange(db);
    const resources = await loadResourceEntries(db);
    const keyring = await this.options.keys.loadKeyring();
    const revoked = await listRevokedTokens(db, startedAt);
    const blocked = await listBlockedClientIds(db, startedAt - TOKEN_HORIZON_MS);
    if (generation !== this.pollGeneration) return;
    this.seq = seq;
    this.blocked = new Set(blocked);
    this.revocationDoc = undefined;
    this.resources = resources;
    this.keyring = keyring;
    for (const row of revoked) this.revoked.set(row.jti, row.expires_at);
    this.dropAllClients();
    this.lastSynced = startedAt;
  }

  private dropAllClients(): void {
    this.epoch++;
    this.clients.clear();
    this.missing.clear();
    this.loading.clear();
  }

  private invalidateClient(clientId: string): void {
    this.epoch++;
    this.clients.delete(clientId);
    // A load already in flight may have read the old row: later requests must not join it.
    this.loading.delete(clientId);
    this.missing.delete(clientId);
  }

  private rememberMissing(clientId: string): void {
    if (this.missing.size >= MISSING_LIMIT) this.missing.clear();
    this.missing.add(clientId);
  }

  /** Saves last-used times and usage counts; counts that fail to save are kept for the next try. */
  async flushLastUsed(): Promise<void> {
    if (this.usage.size > 0) {
      const counts: UsageCount[] = [];
      for (const [clientId, days] of this.usage) {
        for (const [day, tokens] of days) {
          counts.push({ clientId, day: utcDay(day * DAY_MS), tokens });
        }
      }
      this.usage.clear();
      try {
        await addUsage(this.options.db, counts);
      } catch (error) {
        for (const c of counts) {
          const day = Math.floor(Date.parse(c.day) / DAY_MS);
          const days = this.usage.get(c.clientId) ?? new Map<number, number>();
          this.usage.set(c.clientId, days);
          days.set(day, (days.get(day) ?? 0) + c.tokens);
        }
        throw error;
      }
    }
    if (this.lastUsed.size === 0) return;
    const batch = new Map(this.lastUsed);
    this.lastUsed.clear();
    await touchClients(this.options.db, batch);
  }

  private async maintain(): Promise<void> {
    const { db, clock, logger, keys } = this.options;
    const now = clock.now();
    try {
      for (const [jti, exp] of this.revoked) {
        if (exp < now) {
          this.revoked.delete(jti);
          this.revocationDoc = undefined;
        }
      }
      await this.flushLastUsed();
      await purgeExpiredTokenRecords(db, now);
      await purgeChanges(db, now - CHANGE_RETENTION_MS);
      await purgeDeletedClients(db, now - TOKEN_HORIZON_MS);
      await keys.prune();
      await this.options.housekeeping?.();
    } catch (error) {
      logger.warn('maintenance failed; will retry', { error });
    }
  }
}

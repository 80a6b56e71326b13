import { randomBytes } from 'node:crypto';
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
import { initSetting } from '../store/repos/settings.js';
import { addUsage, DAY_MS, type UsageCount, utcDay } from '../store/repos/usage.js';
import { findRevokedTokens, listRevokedTokens, purgeExpiredTokenRecords } from '../store/repos/tokens.js';
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
import { EXPIRY_SKEW_MS, RevocationList } from './revocation-list.js';

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
  /** Revoked token ids and disabled or recently deleted clients, published for verifiers' kill switch. */
  private list!: RevocationList;
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
    // Names this store's change log in list cursors; made once, shared by every instance.
    const listId = await initSetting(
      this.options.db,
      'revocation_list_id',
      randomBytes(9).toString('base64url'),
    );
    this.list = new RevocationList(listId, () => this.options.clock.now());
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
      /** Entity id → the sequence number of its latest change in this batch. */
      const revokedAt = new Map<string, number>();
      const touched = new Map<string, number>();
      for (const change of changes) {
        if (change.kind === 'client') {
          this.invalidateClient(change.entity_id);
          touched.set(change.entity_id, Number(change.seq));
        } else if (change.kind === 'resource_server') reloadResources = true;
        else if (change.kind === 'keys') reloadKeys = true;
        else if (change.kind === 'revocation') revokedAt.set(change.entity_id, Number(change.seq));
      }
      const revoked = revokedAt.size > 0 ? await findRevokedTokens(db, [...revokedAt.keys()]) : [];
      const resources = reloadResources ? await loadResourceEntries(db) : undefined;
      const keyring = reloadKeys ? await this.options.keys.loadKeyring() : undefined;
      const horizon = clock.now() - TOKEN_HORIZON_MS;
      const blocked = new Map<string, boolean>();
      for (const id of touched.keys()) blocked.set(id, await isClientBlocked(db, id, horizon));
      if (generation !== this.pollGeneration) return;
      // In log order: a delta is everything past a sequence number, so the list keeps them sorted.
      const listed: { seq: number; apply: () => void }[] = [];
      for (const row of revoked) {
        const seq = revokedAt.get(row.jti) ?? 0;
        listed.push({ seq, apply: () => this.list.addRevoked(row.jti, row.expires_at, seq) });
      }
      for (const [id, isBlocked] of blocked) {
        const seq = touched.get(id) ?? 0;
        listed.push({ seq, apply: () => this.list.setBlocked(id, isBlocked, seq) });
      }
      for (const entry of listed.sort((a, b) => a.seq - b.seq)) entry.apply();
      if (resources) {
        this.resources = resources;
        // Grants point at scopes that may be gone; clients reload on their next request.
        this.dropAllClients();
      }
      if (keyring) this.keyring = keyring;
      this.seq = Number(changes.at(-1)?.seq ?? this.seq);
      this.list.advance(this.seq);
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
    const revoked = await listRevokedTokens(db, startedAt - EXPIRY_SKEW_MS);
    const blocked = await listBlockedClientIds(db, startedAt - TOKEN_HORIZON_MS);
    if (generation !== this.pollGeneration) return;
    this.seq = seq;
    this.list.reset(seq, revoked, blocked);
    this.resources = resources;
    this.keyring = keyring;
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
      this.list.prune();
      await this.flushLastUsed();
      await purgeExpiredTokenRecords(db, now - EXPIRY_SKEW_MS);
      await purgeChanges(db, now - CHANGE_RETENTION_MS);
      await purgeDeletedClients(db, now - TOKEN_HORIZON_MS, now);
      await keys.prune();
      await this.options.housekeeping?.();
    } catch (error) {
      logger.warn('maintenance failed; will retry', { error });
    }
  }
}

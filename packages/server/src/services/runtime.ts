import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { changesSince, latestChange, purgeChanges } from '../store/repos/changes.js';
import { touchClients } from '../store/repos/clients.js';
import { findRevokedToken, listRevokedTokens, purgeExpiredTokenRecords } from '../store/repos/tokens.js';
import {
  type ClientEntry,
  loadClientEntry,
  loadResourceEntries,
  type ResourceEntry,
} from './cache-entries.js';
import type { Keyring, KeyService } from './keys.js';
import { resolveQualifiedScope } from './qualified-scope.js';

const MISSING_LIMIT = 10_000;
const MAINTENANCE_MS = 30_000;
const CHANGE_RETENTION_MS = 60 * 60_000;

export interface RuntimeOptions {
  db: Db;
  clock: Clock;
  keys: KeyService;
  logger: Logger;
  changePollMs: number;
}

/**
 * The in-memory view the token path reads, so that a warm token request touches no database.
 * Other processes' writes arrive through the change log, polled every `changePollMs`; each
 * change drops or reloads exactly what it names. If the database goes away, tokens keep
 * flowing for cached clients while polling retries.
 */
export class Runtime {
  private resources = new Map<string, ResourceEntry>();
  private readonly clients = new Map<string, ClientEntry>();
  private readonly missing = new Set<string>();
  private readonly loading = new Map<string, Promise<ClientEntry | undefined>>();
  /** Bumped on every client invalidation: a load that straddles one must not be cached. */
  private epoch = 0;
  private readonly revoked = new Map<string, number>();
  private readonly lastUsed = new Map<string, number>();
  private keyring!: Keyring;
  private seq = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly options: RuntimeOptions) {}

  async start(): Promise<void> {
    const { db, clock } = this.options;
    // Take the log position first: anything written during the load is replayed, not lost.
    this.seq = await latestChange(db);
    this.resources = await loadResourceEntries(db);
    this.keyring = await this.options.keys.loadKeyring();
    for (const row of await listRevokedTokens(db, clock.now())) this.revoked.set(row.jti, row.expires_at);
    this.pollTimer = setInterval(() => void this.poll(), this.options.changePollMs);
    this.pollTimer.unref();
    this.maintenanceTimer = setInterval(() => void this.maintain(), MAINTENANCE_MS);
    this.maintenanceTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    clearInterval(this.maintenanceTimer);
    await this.polling;
    await this.flushLastUsed();
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

  /** Cached client, or one database read on a miss; unknown ids are remembered too. */
  async client(clientId: string): Promise<ClientEntry | undefined> {
    const cached = this.clients.get(clientId);
    if (cached) return cached;
    if (this.missing.has(clientId)) return undefined;
    let pending = this.loading.get(clientId);
    if (!pending) {
      const epoch = this.epoch;
      pending = loadClientEntry(this.options.db, clientId).then(
        (entry) => {
          this.loading.delete(clientId);
          if (epoch === this.epoch) {
            if (entry) this.clients.set(clientId, entry);
            else this.rememberMissing(clientId);
          }
          return entry;
        },
        (error: unknown) => {
          this.loading.delete(clientId);
          throw error;
        },
      );
      this.loading.set(clientId, pending);
    }
    return pending;
  }

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  noteRevoked(jti: string, expiresAt: number): void {
    this.revoked.set(jti, expiresAt);
  }

  /** Written behind in batches: last-used is for people, not for the token path to wait on. */
  noteUsed(clientId: string, at: number): void {
    this.lastUsed.set(clientId, at);
  }

  /** Applies every change in the log since the last poll. Public so tests and the CLI can force it. */
  poll(): Promise<void> {
    if (!this.polling) {
      this.polling = this.pollOnce()
        .catch((error: unknown) =>
          this.options.logger.warn('change poll failed; serving from cache', { error }),
        )
        .finally(() => {
          this.polling = undefined;
        });
    }
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const { db } = this.options;
    for (;;) {
      const changes = await changesSince(db, this.seq);
      if (changes.length === 0) return;
      let reloadResources = false;
      let reloadKeys = false;
      for (const change of changes) {
        if (change.kind === 'client') this.invalidateClient(change.entity_id);
        else if (change.kind === 'resource_server') reloadResources = true;
        else if (change.kind === 'keys') reloadKeys = true;
        else if (change.kind === 'revocation') {
          const row = await findRevokedToken(db, change.entity_id);
          if (row) this.revoked.set(row.jti, row.expires_at);
        }
      }
      if (reloadResources) {
        this.resources = await loadResourceEntries(db);
        // Grants point at scopes that may be gone; clients reload on their next request.
        this.epoch++;
        this.clients.clear();
        this.missing.clear();
      }
      if (reloadKeys) this.keyring = await this.options.keys.loadKeyring();
      this.seq = changes.at(-1)?.seq ?? this.seq;
    }
  }

  private invalidateClient(clientId: string): void {
    this.epoch++;
    this.clients.delete(clientId);
    this.missing.delete(clientId);
  }

  private rememberMissing(clientId: string): void {
    if (this.missing.size >= MISSING_LIMIT) this.missing.clear();
    this.missing.add(clientId);
  }

  private async flushLastUsed(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const batch = new Map(this.lastUsed);
    this.lastUsed.clear();
    await touchClients(this.options.db, batch);
  }

  private async maintain(): Promise<void> {
    const { db, clock, logger, keys } = this.options;
    const now = clock.now();
    try {
      for (const [jti, exp] of this.revoked) if (exp < now) this.revoked.delete(jti);
      await this.flushLastUsed();
      await purgeExpiredTokenRecords(db, now);
      await purgeChanges(db, now - CHANGE_RETENTION_MS);
      await keys.prune();
    } catch (error) {
      logger.warn('maintenance failed; will retry', { error });
    }
  }
}

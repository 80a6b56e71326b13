import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { changesSince, latestChange } from '../store/repos/changes.js';
import { loadResourceEntries, type ResourceEntry } from './cache-entries.js';
import type { ClientLookup } from './client-lookup.js';
import type { Keyring, KeyService } from './keys.js';
import { CHANGE_RETENTION_MS } from './maintenance.js';
import type { RevocationList } from './revocation-list.js';
import { readRevocationChanges, readRevocations } from './revocation-sync.js';

/** Past this gap since the last good poll, changes may have been purged unseen: reload everything. */
const RESYNC_AFTER_MS = CHANGE_RETENTION_MS / 2;
/** A poll stuck on a dead connection is abandoned after this, so the next one can try afresh. */
const POLL_DEADLINE_MS = 3_000;

export interface ChangePollerOptions {
  db: Db;
  clock: Clock;
  keys: KeyService;
  logger: Logger;
  changePollMs: number;
}

/** A cache kept current by the change log beside the token path's own (pools and app clients). */
export interface ChangeListener {
  /** One change, as written; kinds the listener does not know are ignored. */
  changed(kind: string, entityId: string): void;
  /** Everything may have changed: after a resync. */
  dropAll(): void;
}

/**
 * When the poller last reached the store, on the monotonic clock (performance.now()), so that a
 * frozen or injected test clock cannot make a dead store look alive. Readiness reads it instead of
 * asking the store itself.
 */
export interface PollHealth {
  /** The last load or poll that read the whole log through; undefined before the first. */
  lastSuccessAt: number | undefined;
  /** Whether a periodic poll (not only the load at start) has completed since start. */
  polled: boolean;
}

/** What the poller keeps current. */
export interface ChangeTargets {
  clients: ClientLookup;
  listeners: readonly ChangeListener[];
  list: RevocationList;
  setResources(resources: Map<string, ResourceEntry>): void;
  setKeyring(keyring: Keyring): void;
}

/**
 * Other processes' writes arrive through the change log, polled every `changePollMs`; each
 * change drops or reloads exactly what it names. A failed poll is logged and retried, and the
 * token path keeps serving from memory meanwhile.
 */
export class ChangePoller {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  /** Only the newest poll may apply what it read; an abandoned one that wakes up late may not. */
  private generation = 0;
  private lastSynced = 0;
  private readonly pollHealth: PollHealth = { lastSuccessAt: undefined, polled: false };
  /** The poll promised to callers that arrived while another was running. */
  private followUp: Promise<void> | undefined;

  constructor(
    private readonly options: ChangePollerOptions,
    private readonly targets: ChangeTargets,
  ) {}

  /** Loads everything once, then polls. */
  async start(): Promise<void> {
    await this.resync(this.generation);
    this.pollHealth.lastSuccessAt = performance.now();
    // The timer skips a turn while a poll runs; only an explicit poll() asks for another.
    this.timer = setInterval(() => {
      if (!this.polling) void this.poll();
    }, this.options.changePollMs);
    this.timer.unref();
  }

  /** Stops polling; the returned promise settles when a poll under way has finished. */
  stop(): Promise<void> | undefined {
    clearInterval(this.timer);
    return this.polling;
  }

  /** How recently the store answered a poll: read per probe, costs nothing. */
  get health(): Readonly<PollHealth> {
    return this.pollHealth;
  }

  /**
   * Applies every change in the log since the last poll, including every change committed before
   * this call: a poll already running may have read the log before it, so one more runs after it
   * (shared by every caller that arrives meanwhile).
   */
  poll(): Promise<void> {
    if (this.polling) {
      this.followUp ??= this.polling.then(() => {
        this.followUp = undefined;
        return this.poll();
      });
      return this.followUp;
    }
    const generation = ++this.generation;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${POLL_DEADLINE_MS} ms`)),
        POLL_DEADLINE_MS,
      );
    });
    this.polling = Promise.race([this.pollOnce(generation), deadline])
      .then(() => {
        // A poll overtaken by a newer one proved nothing about the store's present.
        if (generation !== this.generation) return;
        this.pollHealth.lastSuccessAt = performance.now();
        this.pollHealth.polled = true;
      })
      .catch((error: unknown) => {
        if (generation === this.generation) this.generation++;
        this.options.logger.warn('change poll failed; serving from cache', { error });
      })
      .finally(() => {
        clearTimeout(timer);
        this.polling = undefined;
      });
    return this.polling;
  }

  private async pollOnce(generation: number): Promise<void> {
    const { db, clock } = this.options;
    const { clients, list } = this.targets;
    const startedAt = clock.now();
    if (this.lastSynced !== 0 && startedAt - this.lastSynced > RESYNC_AFTER_MS) {
      this.options.logger.warn('change log may have moved on without this instance; reloading everything');
      await this.resync(generation);
      return;
    }
    for (;;) {
      const changes = await changesSince(db, this.seq);
      if (generation !== this.generation) return;
      if (changes.length === 0) break;
      let reloadResources = false;
      let reloadKeys = false;
      let dropClients = false;
      /** Entity id → the sequence number of its latest change in this batch. */
      const revokedAt = new Map<string, number>();
      const touched = new Map<string, number>();
      for (const change of changes) {
        if (change.kind === 'client') {
          clients.invalidate(change.entity_id);
          touched.set(change.entity_id, Number(change.seq));
        } else if (change.kind === 'resource_server') reloadResources = true;
        else if (change.kind === 'keys') reloadKeys = true;
        else if (change.kind === 'revocation') revokedAt.set(change.entity_id, Number(change.seq));
        // A team's or the platform's default limits: any client's effective limit may follow.
        else if (change.kind === 'rate_limits') dropClients = true;
        for (const listener of this.targets.listeners) listener.changed(change.kind, change.entity_id);
      }
      const resources = reloadResources ? await loadResourceEntries(db) : undefined;
      const keyring = reloadKeys ? await this.options.keys.loadKeyring() : undefined;
      const applyRevocations = await readRevocationChanges(db, clock, revokedAt, touched);
      if (generation !== this.generation) return;
      applyRevocations(list);
      if (resources) {
        this.targets.setResources(resources);
        // Permissions point at scopes that may be gone; clients reload on their next request.
        clients.dropAll();
      } else if (dropClients) clients.dropAll();
      if (keyring) this.targets.setKeyring(keyring);
      this.seq = Number(changes.at(-1)?.seq ?? this.seq);
      list.advance(this.seq);
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
    const { revoked, blocked } = await readRevocations(db, startedAt);
    if (generation !== this.generation) return;
    this.seq = seq;
    this.targets.list.reset(seq, revoked, blocked);
    this.targets.setResources(resources);
    this.targets.setKeyring(keyring);
    this.targets.clients.dropAll();
    for (const listener of this.targets.listeners) listener.dropAll();
    this.lastSynced = startedAt;
  }
}

import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { loadResourceEntries, type ResourceEntry } from './cache-entries.js';
import type { ClientLookup } from './client-lookup.js';
import type { Keyring, KeyService } from './keys.js';
import type { RevocationList } from './revocation-list.js';
import { readRevocationChanges, readRevocations } from './revocation-sync.js';

/** One entry of the change log, as it travels: read here, or received from a cluster's primary. */
export interface Change {
  seq: number;
  kind: string;
  entityId: string;
}

/** A cache kept current by the change log beside the token path's own (pools and app clients). */
export interface ChangeListener {
  /** One change, as written; kinds the listener does not know are ignored. */
  changed(kind: string, entityId: string): void;
  /** Everything may have changed: after a resync. */
  dropAll(): void;
}

/** What the change log keeps current in this process. */
export interface ChangeTargets {
  clients: ClientLookup;
  listeners: readonly ChangeListener[];
  list: RevocationList;
  setResources(resources: Map<string, ResourceEntry>): void;
  setKeyring(keyring: Keyring): void;
}

/** Where a batch read from the change log goes: this process's caches, or a cluster's workers. */
export interface ChangeSink {
  /**
   * Everything may have changed up to `seq`: reload it all. `current()` turns false once the
   * poll that asked was abandoned; what it read then must not be applied.
   */
  reload(seq: number, current: () => boolean): Promise<void>;
  /** Changes in log order; each drops or reloads exactly what it names. */
  apply(changes: readonly Change[], current: () => boolean): Promise<void>;
}

/**
 * The one place a batch of changes reaches the caches, wherever the batch came from (the poller
 * of this process, or the primary of a cluster). Reads what a change asks to reload, and applies
 * nothing while the batch is no longer current.
 */
export class ChangeApplier implements ChangeSink {
  constructor(
    private readonly options: { db: Db; clock: Clock; keys: KeyService },
    private readonly targets: ChangeTargets,
  ) {}

  async reload(seq: number, current: () => boolean): Promise<void> {
    const { db, clock, keys } = this.options;
    const resources = await loadResourceEntries(db);
    const keyring = await keys.loadKeyring();
    const { revoked, blocked } = await readRevocations(db, clock.now());
    if (!current()) return;
    this.targets.list.reset(seq, revoked, blocked);
    this.targets.setResources(resources);
    this.targets.setKeyring(keyring);
    this.targets.clients.dropAll();
    for (const listener of this.targets.listeners) listener.dropAll();
  }

  async apply(changes: readonly Change[], current: () => boolean): Promise<void> {
    const last = changes.at(-1);
    if (last === undefined) return;
    const { db, clock, keys } = this.options;
    const { clients, list } = this.targets;
    let reloadResources = false;
    let reloadKeys = false;
    let dropClients = false;
    /** Entity id → the sequence number of its latest change in this batch. */
    const revokedAt = new Map<string, number>();
    const touched = new Map<string, number>();
    for (const change of changes) {
      if (change.kind === 'client') {
        clients.invalidate(change.entityId);
        touched.set(change.entityId, change.seq);
      } else if (change.kind === 'resource_server') reloadResources = true;
      else if (change.kind === 'keys') reloadKeys = true;
      else if (change.kind === 'revocation') revokedAt.set(change.entityId, change.seq);
      // A team's or the platform's default limits: any client's effective limit may follow.
      else if (change.kind === 'rate_limits') dropClients = true;
      // A role's scopes changed or the role went: every client holding it may follow.
      else if (change.kind === 'role') dropClients = true;
      for (const listener of this.targets.listeners) listener.changed(change.kind, change.entityId);
    }
    const resources = reloadResources ? await loadResourceEntries(db) : undefined;
    const keyring = reloadKeys ? await keys.loadKeyring() : undefined;
    const applyRevocations = await readRevocationChanges(db, clock, revokedAt, touched);
    if (!current()) return;
    applyRevocations(list);
    if (resources) {
      this.targets.setResources(resources);
      // Permissions point at scopes that may be gone; clients reload on their next request.
      clients.dropAll();
    } else if (dropClients) clients.dropAll();
    if (keyring) this.targets.setKeyring(keyring);
    list.advance(last.seq);
  }
}

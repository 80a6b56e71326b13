import type { ClientEntry } from './cache-entries.js';

interface Slot {
  entry: ClientEntry;
  /** Set on every hit, cleared when eviction passes over it: the CLOCK second chance. */
  used: boolean;
}

/**
 * The clients the token path has seen, bounded so memory follows the configured size rather
 * than however many clients ever asked. Eviction is CLOCK (second chance): a hit only sets a
 * flag, so the hot path neither reorders the map nor allocates; the cost lands on inserts
 * once the cache is full, where each entry used since the last pass is spared once.
 */
export class ClientCache {
  private readonly slots = new Map<string, Slot>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`client cache capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.slots.size;
  }

  get(clientId: string): ClientEntry | undefined {
    const slot = this.slots.get(clientId);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry;
  }

  set(clientId: string, entry: ClientEntry): void {
    const slot = this.slots.get(clientId);
    if (slot !== undefined) {
      slot.entry = entry;
      return;
    }
    if (this.slots.size >= this.capacity) this.evictOne();
    this.slots.set(clientId, { entry, used: false });
  }

  delete(clientId: string): void {
    this.slots.delete(clientId);
  }

  clear(): void {
    this.slots.clear();
  }

  private evictOne(): void {
    // Map iteration is insertion order and visits entries re-added during the loop, so a full
    // pass that spares everyone comes back round to the first and evicts it.
    for (const [clientId, slot] of this.slots) {
      this.slots.delete(clientId);
      if (!slot.used) return;
      slot.used = false;
      this.slots.set(clientId, slot);
    }
  }
}

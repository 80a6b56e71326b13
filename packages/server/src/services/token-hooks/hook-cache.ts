/** One cached hook answer: its claims, until when, and for which version of the hook. */
interface CachedAnswer {
  claims: Readonly<Record<string, unknown>>;
  expiresAt: number;
  version: string;
}

/**
 * Hook answers by (resource server, client, sorted scope set), each for the TTL its hook gave.
 * Bounded: past `max` entries the least recently used goes (a Map keeps insertion order, and a
 * hit moves its entry to the end). An answer from an older version of the hook (changed URL,
 * secret, settings) is never served: the version is checked on every read.
 */
export class HookCache {
  readonly #entries = new Map<string, CachedAnswer>();

  constructor(readonly max: number) {
    if (!(Number.isInteger(max) && max >= 1)) throw new TypeError('HookCache: max must be an integer >= 1');
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, version: string, now: number): Readonly<Record<string, unknown>> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.version !== version || entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.claims;
  }

  set(key: string, version: string, claims: Readonly<Record<string, unknown>>, expiresAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { claims, expiresAt, version });
    if (this.#entries.size > this.max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}

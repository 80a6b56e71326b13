interface Bucket {
  left: number;
  at: number;
  /** The limit it was last taken under, to tell when an idle bucket is full again. */
  perMs: number;
  size: number;
}

/**
 * Token buckets by key, in this process's memory, bounded: past `maxTracked` keys, those whose
 * bucket has refilled (they lose nothing by being forgotten) are dropped, and if every bucket is
 * busy the longest-tracked one goes. The rate and size come with each call, so one map serves
 * keys with different limits, and a limit change applies from the next request.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxTracked = 10_000) {}

  get size(): number {
    return this.buckets.size;
  }

  /**
   * Takes one from `key`'s bucket (`perMs` refill, `size` capacity) and answers 0, or, when less
   * than one is left, takes nothing and answers the milliseconds until one is.
   */
  take(key: string, now: number, perMs: number, size: number): number {
    const current = this.buckets.get(key);
    const elapsed = current ? Math.max(0, now - current.at) : 0;
    const left = current ? Math.min(size, current.left + elapsed * perMs) : size;
    if (left < 1) {
      // Keep the refill so far, so waiting callers are not charged for asking.
      if (current) {
        current.left = left;
        current.at = now;
      }
      return Math.max(1, Math.ceil((1 - left) / perMs));
    }
    if (!current && this.buckets.size >= this.maxTracked) this.forgetIdle(now);
    if (current) {
      current.left = left - 1;
      current.at = now;
      current.perMs = perMs;
      current.size = size;
    } else this.buckets.set(key, { left: left - 1, at: now, perMs, size });
    return 0;
  }

  private forgetIdle(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.left + (now - b.at) * b.perMs >= b.size) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxTracked) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
  }
}

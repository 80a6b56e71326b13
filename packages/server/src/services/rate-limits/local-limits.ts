import type { AppliedLimit } from './limit-layers.js';
import { TokenBuckets } from './token-buckets.js';
import { DAY_MS, untilMidnight, type Verdict, WITHIN } from './verdict.js';

/** Clients tracked per map; past it, idle buckets and yesterday's counts are forgotten first. */
const MAX_TRACKED = 50_000;

/**
 * Limits counted in this process's memory. Each instance enforces its share: the configured
 * numbers divided by `share` (instances × workers), so N instances together let through about
 * what was configured, with no shared state and no round trip.
 */
export class LocalLimits {
  private readonly buckets = new TokenBuckets(MAX_TRACKED);
  private readonly issued = new Map<string, { day: number; count: number }>();

  constructor(readonly share: number) {
    if (!(share >= 1)) throw new RangeError(`the local share must be at least 1, got ${share}`);
  }

  /**
   * Counts one token request: over the daily quota, or out of rate, it is refused (nothing is
   * counted); in observe mode it is let through and counted, and the verdict says what it went over.
   */
  decide(clientId: string, limit: AppliedLimit, now: number): Verdict {
    let verdict = WITHIN;
    const day = Math.floor(now / DAY_MS);
    let today = this.issued.get(clientId);
    if (today !== undefined && today.day !== day) today.count = 0;
    if (limit.daily !== null && (today?.count ?? 0) >= Math.max(1, Math.floor(limit.daily / this.share))) {
      verdict = { over: 'daily', waitMs: untilMidnight(now) };
      if (!limit.observe) return verdict;
    }
    if (limit.rate !== null && verdict.over === null) {
      const waitMs = this.buckets.take(
        clientId,
        now,
        limit.rate / this.share / 1000,
        Math.max(1, Math.floor(limit.burst / this.share)),
      );
      if (waitMs > 0) {
        verdict = { over: 'rate', waitMs };
        if (!limit.observe) return verdict;
      }
    }
    if (limit.daily !== null) {
      if (today === undefined) {
        if (this.issued.size >= MAX_TRACKED) this.forgetOld(day);
        today = { day, count: 0 };
        this.issued.set(clientId, today);
      }
      today.day = day;
      today.count++;
    }
    return verdict;
  }

  private forgetOld(day: number): void {
    for (const [id, entry] of this.issued) if (entry.day !== day) this.issued.delete(id);
    if (this.issued.size >= MAX_TRACKED) {
      const oldest = this.issued.keys().next();
      if (!oldest.done) this.issued.delete(oldest.value);
    }
  }
}

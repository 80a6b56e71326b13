import type { Clock } from '../clock.js';
import { TokenBuckets } from './rate-limits/token-buckets.js';

/**
 * A token bucket per client, in this process's memory: `perMinute` actions, refilled evenly,
 * with a burst of the same size. Each instance counts on its own, so a cluster of N instances
 * lets a client through up to N times the rate; nothing is shared or written, so the check
 * costs no store round trip on the path it guards.
 */
export class PerClientRate {
  private readonly buckets = new TokenBuckets();

  /** `perMinute` 0 means no limit. */
  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one action from `clientId`'s allowance; when none is left, the seconds until one is. */
  take(clientId: string): { ok: true } | { ok: false; retryAfter: number } {
    if (this.perMinute === 0) return { ok: true };
    const waitMs = this.buckets.take(clientId, this.clock.now(), this.perMinute / 60_000, this.perMinute);
    return waitMs === 0 ? { ok: true } : { ok: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

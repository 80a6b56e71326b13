import type { Clock } from '../clock.js';

/** Past this many tracked clients, those back at a full allowance are forgotten (they lose nothing). */
const MAX_TRACKED = 10_000;

interface Allowance {
  left: number;
  at: number;
}

/**
 * A token bucket per client, in this process's memory: `perMinute` actions, refilled evenly,
 * with a burst of the same size. Each instance counts on its own, so a cluster of N instances
 * lets a client through up to N times the rate; nothing is shared or written, so the check
 * costs no store round trip on the path it guards.
 */
export class PerClientRate {
  private readonly allowances = new Map<string, Allowance>();

  /** `perMinute` 0 means no limit. */
  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one action from `clientId`'s allowance; when none is left, the seconds until one is. */
  take(clientId: string): { ok: true } | { ok: false; retryAfter: number } {
    if (this.perMinute === 0) return { ok: true };
    const now = this.clock.now();
    const perMs = this.perMinute / 60_000;
    const current = this.allowances.get(clientId);
    const left = current
      ? Math.min(this.perMinute, current.left + (now - current.at) * perMs)
      : this.perMinute;
    if (left < 1) {
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - left) / perMs / 1000)) };
    }
    if (!current && this.allowances.size >= MAX_TRACKED) this.forgetIdle(now, perMs);
    this.allowances.set(clientId, { left: left - 1, at: now });
    return { ok: true };
  }

  private forgetIdle(now: number, perMs: number): void {
    for (const [id, a] of this.allowances) {
      if (a.left + (now - a.at) * perMs >= this.perMinute) this.allowances.delete(id);
    }
    // All busy: drop the longest-tracked one rather than grow without bound.
    if (this.allowances.size >= MAX_TRACKED) {
      const oldest = this.allowances.keys().next();
      if (!oldest.done) this.allowances.delete(oldest.value);
    }
  }
}

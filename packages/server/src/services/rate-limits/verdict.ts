/** One backend's answer for one token request. */
export interface Verdict {
  /** Which limit the request went over, or null. In observe mode it went through all the same. */
  over: 'rate' | 'daily' | null;
  /** Until the limit lets a request through again (the next UTC midnight for `daily`). */
  waitMs: number;
}

export const WITHIN: Verdict = { over: null, waitMs: 0 };

export const DAY_MS = 86_400_000;

/** Milliseconds from `now` to the next UTC midnight, when daily quotas start over. */
export function untilMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS - now;
}

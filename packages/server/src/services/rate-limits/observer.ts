/**
 * What the rate limiter has to count, for metrics to pick up: plain calls, no metrics library.
 * `limit` names the limit decided on: for an allowed request, the rate when one applies,
 * else the daily quota.
 */
export interface RateLimitObserver {
  decision(outcome: 'allowed' | 'refused' | 'observed', limit: 'rate' | 'daily'): void;
  /** Where limits are counted from now on: Redis (cluster-wide) or this instance's memory. */
  backend(mode: 'redis' | 'local'): void;
}

export const noopRateLimitObserver: RateLimitObserver = {
  decision() {},
  backend() {},
};

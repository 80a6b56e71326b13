import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import { ClientLimitExceeded } from '../../oauth/errors.js';
import type { AppliedLimit } from './limit-layers.js';
import { LocalLimits } from './local-limits.js';
import { noopRateLimitObserver, type RateLimitObserver } from './observer.js';
import { RedisLimits } from './redis-limits.js';
import type { Verdict } from './verdict.js';

/** An observe-mode client's "would have been refused" is logged at most this often. */
const OBSERVE_LOG_MS = 60_000;
const OBSERVE_LOG_TRACKED = 10_000;

export interface RateLimiterOptions {
  clock: Clock;
  logger: Logger;
  /** What this process enforces locally: the configured numbers divided by this (instances × workers). */
  localShare: number;
  observer?: RateLimitObserver | undefined;
  /** Cluster-wide limits through Redis; without it, every instance counts on its own. */
  redis?: { url: string; prefix: string; timeoutMs: number } | undefined;
}

/**
 * Per-client rate limits and daily quotas at the token endpoint, after the client has proved who
 * it is and before a token is signed. Counted in Redis when it is configured and answering, in
 * this process's memory otherwise (and always for the local share); refusals are 429 slow_down.
 */
export class RateLimiter {
  private readonly local: LocalLimits;
  private readonly redis: RedisLimits | undefined;
  private readonly observer: RateLimitObserver;
  private readonly observedLogged = new Map<string, number>();

  constructor(private readonly options: RateLimiterOptions) {
    this.local = new LocalLimits(options.localShare);
    this.observer = options.observer ?? noopRateLimitObserver;
    this.observer.backend('local');
    if (options.redis) {
      const { url, prefix, timeoutMs } = options.redis;
      this.redis = new RedisLimits({
        url,
        prefix,
        timeoutMs,
        onMode: (mode, error) => this.switched(mode, error),
      });
    }
  }

  /** Waits up to `ms` for Redis at start, so the first requests are already counted cluster-wide. */
  async start(ms = 2000): Promise<void> {
    if (!this.redis) return;
    await this.redis.whenReady(ms);
    if (!this.redis.available) {
      this.options.logger.warn(
        'rate limits: Redis is not answering; each instance enforces its share until it does',
      );
    }
  }

  /** Where limits are counted now. */
  get mode(): 'redis' | 'local' {
    return this.redis?.available ? 'redis' : 'local';
  }

  /**
   * Counts one token request of `clientId` under `limit`; throws ClientLimitExceeded when it is
   * refused. Synchronous when counted locally, so the common path allocates no promise.
   */
  check(clientId: string, limit: AppliedLimit): void | Promise<void> {
    const now = this.options.clock.now();
    if (this.redis?.available) {
      return this.redis.decide(clientId, limit, now).then(
        (verdict) => this.settle(clientId, limit, verdict),
        // Already reported by RedisLimits; this request, and the next ones, are decided here.
        () => this.settle(clientId, limit, this.local.decide(clientId, limit, now)),
      );
    }
    this.settle(clientId, limit, this.local.decide(clientId, limit, now));
  }

  close(): void {
    this.redis?.close();
  }

  private settle(clientId: string, limit: AppliedLimit, verdict: Verdict): void {
    if (verdict.over === null) {
      this.observer.decision('allowed', limit.rate !== null ? 'rate' : 'daily');
      return;
    }
    if (limit.observe) {
      this.observer.decision('observed', verdict.over);
      this.noteObserved(clientId, verdict.over);
      return;
    }
    this.observer.decision('refused', verdict.over);
    throw new ClientLimitExceeded(verdict.over, Math.max(1, Math.ceil(verdict.waitMs / 1000)));
  }

  private noteObserved(clientId: string, over: 'rate' | 'daily'): void {
    const now = this.options.clock.now();
    const last = this.observedLogged.get(clientId);
    if (last !== undefined && now - last < OBSERVE_LOG_MS) return;
    if (this.observedLogged.size >= OBSERVE_LOG_TRACKED) this.observedLogged.clear();
    this.observedLogged.set(clientId, now);
    this.options.logger.warn('rate limits: observe mode let through a request over the limit', {
      clientId,
      limit: over,
    });
  }

  private switched(mode: 'redis' | 'local', error: unknown): void {
    this.observer.backend(mode);
    if (mode === 'redis') this.options.logger.info('rate limits: counted cluster-wide through Redis');
    else {
      this.options.logger.warn('rate limits: Redis lost; each instance enforces its share until it is back', {
        error: error instanceof Error ? error.message : undefined,
      });
    }
  }
}

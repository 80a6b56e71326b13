import { Redis } from 'ioredis';
import type { AppliedLimit } from './limit-layers.js';
import { DAY_MS, untilMidnight, type Verdict } from './verdict.js';

/**
 * The bucket and the day's count in one atomic step, one round trip (EVALSHA, which ioredis
 * falls back to EVAL for once after a Redis restart). The caller's clock is passed in, so every
 * instance and a frozen test clock agree with the buckets; a clock behind the stored one counts
 * as no time passed. Answers {over, waitMs}: over 0 none, 1 rate, 2 daily.
 */
const SCRIPT = `
local now = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local size = tonumber(ARGV[3])
local daily = tonumber(ARGV[4])
local dayTtl = tonumber(ARGV[5])
local observe = ARGV[6] == '1'
local over = 0
local wait = 0
if daily > 0 then
  local used = tonumber(redis.call('GET', KEYS[2]) or '0')
  if used >= daily then
    over = 2
    if not observe then return {over, 0} end
  end
end
if perMs > 0 and over == 0 then
  local b = redis.call('HMGET', KEYS[1], 'left', 'at')
  local left = size
  if b[1] then
    local elapsed = now - tonumber(b[2])
    if elapsed < 0 then elapsed = 0 end
    left = math.min(size, tonumber(b[1]) + elapsed * perMs)
  end
  if left < 1 then
    over = 1
    wait = math.ceil((1 - left) / perMs)
  else
    left = left - 1
  end
  redis.call('HSET', KEYS[1], 'left', tostring(left), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(size / perMs) + 1000)
  if over == 1 and not observe then return {over, wait} end
end
if daily > 0 then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], dayTtl)
end
return {over, wait}
`;

type LimitCommand = (
  bucketKey: string,
  dayKey: string,
  ...args: (string | number)[]
) => Promise<[number, number]>;

export interface RedisLimitsOptions {
  url: string;
  /** Every key starts with it, so several deployments (or tests) can share one Redis. */
  prefix: string;
  /** A command not answered within this is a failure: the request is decided locally. */
  timeoutMs: number;
  /** Called when Redis becomes usable ('redis') or stops being so ('local'). */
  onMode(mode: 'redis' | 'local', error?: unknown): void;
}

/** How often a Redis that timed out (and may be black-holed) is asked whether it is back. */
const PROBE_MS = 1000;

/**
 * Limits counted in Redis, so they hold for the whole cluster. Usable only while the connection
 * is ready and the last command answered in time; otherwise the caller decides locally, while
 * ioredis reconnects and a probe asks in the background.
 */
export class RedisLimits {
  private readonly redis: Redis;
  private readonly command: LimitCommand;
  private healthy = false;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: RedisLimitsOptions) {
    this.redis = new Redis(options.url, {
      // Fail at once while disconnected rather than queue behind a reconnect: the token path
      // has a local answer ready.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
      lazyConnect: false,
      // Checks that arrive in the same tick go out in one write: still one round trip each,
      // fewer system calls under load.
      enableAutoPipelining: true,
    });
    this.redis.defineCommand('gatehouseLimit', { numberOfKeys: 2, lua: SCRIPT });
    this.command = (this.redis as unknown as { gatehouseLimit: LimitCommand }).gatehouseLimit.bind(
      this.redis,
    );
    this.redis.on('ready', () => this.up());
    this.redis.on('close', () => this.down(undefined));
    // Reported through onMode; ioredis logs unhandled 'error' events to stderr otherwise.
    this.redis.on('error', (error: unknown) => this.down(error));
  }

  get available(): boolean {
    return this.healthy;
  }

  /** Settles when the connection is first ready, or after `ms` (the instance then starts local). */
  whenReady(ms: number): Promise<void> {
    if (this.healthy) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async decide(clientId: string, limit: AppliedLimit, now: number): Promise<Verdict> {
    const key = `${this.options.prefix}{${clientId}}`;
    const day = new Date(now).toISOString().slice(0, 10);
    let answer: [number, number];
    try {
      answer = await this.command(
        `${key}:b`,
        `${key}:d:${day}`,
        now,
        limit.rate === null ? 0 : limit.rate / 1000,
        limit.burst,
        limit.daily ?? 0,
        // Kept a while past midnight, so a slow clock still finds its day's count.
        Math.ceil((untilMidnight(now) + DAY_MS / 24) / 1000),
        limit.observe ? '1' : '0',
      );
    } catch (error) {
      this.down(error);
      throw error;
    }
    const [over, waitMs] = answer;
    if (over === 2) return { over: 'daily', waitMs: untilMidnight(now) };
    if (over === 1) return { over: 'rate', waitMs: Number(waitMs) };
    return { over: null, waitMs: 0 };
  }

  close(): void {
    this.closed = true;
    clearInterval(this.probe);
    this.redis.disconnect();
  }

  private up(): void {
    clearInterval(this.probe);
    this.probe = undefined;
    if (this.healthy || this.closed) return;
    this.healthy = true;
    this.options.onMode('redis');
  }

  private down(error: unknown): void {
    if (this.closed) return;
    if (this.healthy) {
      this.healthy = false;
      this.options.onMode('local', error);
    }
    // A timed-out command leaves the connection "ready" (a black hole never closes it): ask
    // until it answers. A closed connection comes back through ioredis's reconnect and 'ready'.
    this.probe ??= setInterval(() => {
      if (this.redis.status !== 'ready') return;
      this.redis.ping().then(
        () => this.up(),
        () => undefined,
      );
    }, PROBE_MS);
    this.probe.unref();
  }
}

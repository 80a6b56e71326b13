import type { Clock } from '../../clock.js';
import type { ClientAuthLimits } from '../../config.js';
import type { Logger } from '../../log.js';
import type { ClientAuthFailureMethod, ClientAuthMetrics } from '../../metrics/client-auth-metrics.js';
import { noopClientAuthMetrics } from '../../metrics/client-auth-metrics.js';
import { SlowDown } from '../errors.js';

interface Bucket {
  start: number;
  failures: number;
}

interface PairBucket extends Bucket {
  clientId: string | undefined;
  address: string | undefined;
}

/** Per map; past this, new keys go uncounted here (the metrics still see them) until old windows end. */
const MAX_TRACKED = 10_000;
/** Claimed client ids are attacker-chosen text: logged short. */
const MAX_ID_LOG = 100;
/** Warnings between two flushes; past this, one summary line, so spraying ids cannot flood the log. */
const MAX_REPORTS = 100;

/**
 * Failed client authentications at the token, introspection and revocation endpoints: counted
 * (metrics, by method), logged as one warning per client and address per window with ids only, and
 * limited. An address past its limit is refused before its credentials are read; a client id
 * past its limit gets 429 instead of 401 for further failures, while correct credentials still
 * pass, because client ids are public and anyone could otherwise lock a client out.
 *
 * In memory per instance, by design: the token path makes no store round trip, and with
 * 256-bit secrets this limit is about noise and load, not about guessing.
 */
export class ClientAuthFailures {
  private readonly byAddress = new Map<string, Bucket>();
  private readonly byClient = new Map<string, Bucket>();
  private readonly byPair = new Map<string, PairBucket>();
  private reports = 0;
  private readonly unreported = { pairs: 0, failures: 0 };

  constructor(
    private readonly limits: ClientAuthLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: ClientAuthMetrics = noopClientAuthMetrics,
  ) {}

  /** Before the credentials are checked: a map lookup, and nothing more unless the address has failed. */
  admit(address: string | undefined): void {
    if (address === undefined) return;
    const bucket = this.byAddress.get(address);
    if (bucket === undefined || bucket.failures < this.limits.perAddress) return;
    const now = this.clock.now();
    const end = bucket.start + this.limits.windowMs;
    if (now >= end) return;
    this.metrics.throttled();
    throw tooManyFailures(Math.ceil((end - now) / 1000));
  }

  /** After a failed check: counts it, and answers 429 instead of `error` once a limit is passed. */
  failed<E extends Error>(
    error: E,
    clientId: string | undefined,
    address: string | undefined,
    method: ClientAuthFailureMethod,
  ): E | SlowDown {
    const now = this.clock.now();
    this.metrics.failed(method);
    const id = clientId?.slice(0, MAX_ID_LOG);
    this.notePair(id, address, now);
    const byAddress = address === undefined ? undefined : this.count(this.byAddress, address, now);
    const byClient = id === undefined ? undefined : this.count(this.byClient, id, now);
    const overAddress = byAddress !== undefined && byAddress.failures > this.limits.perAddress;
    const overClient = byClient !== undefined && byClient.failures > this.limits.perClient;
    if (!overAddress && !overClient) return error;
    const bucket = (overAddress ? byAddress : byClient) as Bucket;
    if (
      (overAddress && byAddress.failures === this.limits.perAddress + 1) ||
      (overClient && byClient.failures === this.limits.perClient + 1)
    ) {
      this.logger.warn('client authentication failures over the limit; answering 429 until the window ends', {
        client_id: id,
        address,
        limit: overAddress ? 'address' : 'client',
        window_s: this.limits.windowMs / 1000,
      });
    }
    this.metrics.throttled();
    return tooManyFailures(Math.max(1, Math.ceil((bucket.start + this.limits.windowMs - now) / 1000)));
  }

  /** Logs the windows that have ended; the runtime's maintenance calls this now and then. */
  flush(): void {
    const now = this.clock.now();
    for (const [key, pair] of this.byPair) {
      if (now < pair.start + this.limits.windowMs) continue;
      this.report(pair);
      this.byPair.delete(key);
    }
    for (const map of [this.byAddress, this.byClient]) {
      for (const [key, bucket] of map) if (now >= bucket.start + this.limits.windowMs) map.delete(key);
    }
    if (this.unreported.pairs > 0) {
      this.logger.warn(
        'failed client authentications from more clients and addresses than are logged one by one',
        {
          ...this.unreported,
        },
      );
    }
    this.reports = 0;
    this.unreported.pairs = 0;
    this.unreported.failures = 0;
  }

  private count(map: Map<string, Bucket>, key: string, now: number): Bucket | undefined {
    let bucket = map.get(key);
    if (bucket && now >= bucket.start + this.limits.windowMs) {
      bucket.start = now;
      bucket.failures = 0;
    }
    if (!bucket) {
      if (map.size >= MAX_TRACKED) return undefined;
      bucket = { start: now, failures: 0 };
      map.set(key, bucket);
    }
    bucket.failures++;
    return bucket;
  }

  private notePair(clientId: string | undefined, address: string | undefined, now: number): void {
    const key = `${clientId ?? ''}\n${address ?? ''}`;
    let pair = this.byPair.get(key);
    if (pair && now >= pair.start + this.limits.windowMs) {
      this.report(pair);
      pair.start = now;
      pair.failures = 0;
    }
    if (!pair) {
      if (this.byPair.size >= MAX_TRACKED) return;
      pair = { start: now, failures: 0, clientId, address };
      this.byPair.set(key, pair);
    }
    pair.failures++;
  }

  private report(pair: PairBucket): void {
    if (++this.reports > MAX_REPORTS) {
      this.unreported.pairs++;
      this.unreported.failures += pair.failures;
      return;
    }
    this.logger.warn('failed client authentications', {
      client_id: pair.clientId,
      address: pair.address,
      failures: pair.failures,
      since: new Date(pair.start).toISOString(),
      window_s: this.limits.windowMs / 1000,
    });
  }
}

function tooManyFailures(retryAfter: number): SlowDown {
  return new SlowDown(
    `too many failed client authentications; try again in ${retryAfter} seconds`,
    retryAfter,
  );
}

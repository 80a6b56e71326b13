import { importUsableJwks, JwksError, type PublicKeyEntry } from '@gatehouse/jws';
import { BoundedWork, WorkSaturated } from '../bounded-work.js';
import { getLimited, OutboundError } from '../http/outbound-get.js';
import type { Logger } from '../log.js';

/** Fetched keys are used this long before they are fetched again. */
export const JWKS_TTL_MS = 5 * 60_000;
/** An assertion naming a kid the cached keys lack refetches at most this often per URI. */
export const JWKS_REFRESH_MS = 30_000;
/** After a failed fetch the URI is left alone this long, doubling with each failure in a row… */
export const JWKS_COOLDOWN_MS = 30_000;
/** …up to this. */
export const JWKS_MAX_COOLDOWN_MS = 10 * 60_000;
export const JWKS_TIMEOUT_MS = 5_000;
export const JWKS_MAX_BYTES = 64 * 1024;
/**
 * Fetches in flight at once, across all URIs. Each may hold a thread of libuv's pool for its name
 * lookup, and that pool also signs tokens: most of it must stay free.
 */
const MAX_FETCHES = 2;
/** URIs remembered; the oldest is forgotten first. */
const MAX_URIS = 10_000;

/** No keys to check an assertion with: the URI failed recently, or failed now. */
export class JwksUnavailable extends Error {
  override name = 'JwksUnavailable';
}

/** Every fetch slot is taken: the caller should answer "try again shortly". */
export class JwksBusy extends Error {
  override name = 'JwksBusy';
}

interface Entry {
  keys: PublicKeyEntry[] | undefined;
  fetchedAt: number;
  /** Failures in a row, the reason of the last one, and when the URI may be tried again. */
  failures: number;
  reason: string;
  retryAt: number;
}

/**
 * Keys of private_key_jwt clients that publish a jwks_uri. Cached for five minutes; an unknown
 * kid refetches at most every 30 s per URI; a failure is remembered, with a cool-down that
 * doubles while it keeps failing, and is logged once per fetch. Concurrent callers for one URI
 * share one fetch. So a flood of bad assertions cannot turn Gatehouse into a traffic source,
 * fill its log, or take its memory (bodies are cut off at 64 KiB).
 */
export class ClientJwksFetcher {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<PublicKeyEntry[]>>();
  private readonly slots = new BoundedWork(MAX_FETCHES, 0);

  constructor(
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /**
   * The keys at `uri`. `refresh` asks for a fetch when the cached keys are older than
   * JWKS_REFRESH_MS (an assertion named a kid they lack). Stale keys are used while the URI
   * fails. Throws JwksUnavailable or JwksBusy.
   */
  async keys(uri: string, options: { refresh?: boolean } = {}): Promise<PublicKeyEntry[]> {
    const entry = this.cache.get(uri);
    const now = this.now();
    if (entry?.keys) {
      const age = now - entry.fetchedAt;
      if (age < JWKS_TTL_MS && !(options.refresh && age >= JWKS_REFRESH_MS)) return entry.keys;
    }
    if (entry && entry.failures > 0 && now < entry.retryAt) {
      if (entry.keys) return entry.keys;
      throw new JwksUnavailable(entry.reason);
    }
    let pending = this.inflight.get(uri);
    if (!pending) {
      pending = this.fetch(uri).finally(() => this.inflight.delete(uri));
      this.inflight.set(uri, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (error instanceof JwksBusy && entry?.keys) return entry.keys;
      throw error;
    }
  }

  private async fetch(uri: string): Promise<PublicKeyEntry[]> {
    let release: () => void;
    try {
      release = await this.slots.acquire();
    } catch (error) {
      if (error instanceof WorkSaturated) throw new JwksBusy('too many jwks_uri fetches in flight');
      throw error;
    }
    let keys: PublicKeyEntry[];
    try {
      const answer = await getLimited(uri, {
        maxBytes: JWKS_MAX_BYTES,
        timeoutMs: JWKS_TIMEOUT_MS,
        accept: 'application/jwk-set+json, application/json',
      });
      void answer.lookupDone.then(release);
      keys = this.parse(uri, answer.body);
    } catch (error) {
      if (!(error instanceof OutboundError || error instanceof JwksError)) {
        release();
        throw error;
      }
      // The slot is held until the name lookup ends, even when the answer came or failed earlier.
      if (error instanceof OutboundError) void error.lookupDone.then(release);
      return this.failed(uri, error.message);
    }
    this.remember(uri, { keys, fetchedAt: this.now(), failures: 0, reason: '', retryAt: 0 });
    return keys;
  }

  private parse(uri: string, body: Buffer): PublicKeyEntry[] {
    let document: unknown;
    try {
      document = JSON.parse(body.toString('utf8'));
    } catch {
      throw new JwksError('the answer is not JSON');
    }
    const { keys, skipped } = importUsableJwks(document);
    if (keys.length === 0) {
      throw new JwksError(`holds no usable key${skipped.length > 0 ? `: ${skipped.join('; ')}` : ''}`);
    }
    if (skipped.length > 0) this.logger.warn('client jwks_uri keys skipped', { jwks_uri: uri, skipped });
    return keys;
  }

  private failed(uri: string, reason: string): PublicKeyEntry[] {
    const previous = this.cache.get(uri);
    const failures = (previous?.failures ?? 0) + 1;
    const cooldown = Math.min(JWKS_COOLDOWN_MS * 2 ** Math.min(failures - 1, 20), JWKS_MAX_COOLDOWN_MS);
    this.remember(uri, {
      keys: previous?.keys,
      fetchedAt: previous?.fetchedAt ?? 0,
      failures,
      reason,
      retryAt: this.now() + cooldown,
    });
    this.logger.warn('client jwks_uri could not be fetched', {
      jwks_uri: uri,
      reason,
      retry_in_s: Math.round(cooldown / 1000),
      using_cached_keys: previous?.keys !== undefined,
    });
    if (previous?.keys) return previous.keys;
    throw new JwksUnavailable(reason);
  }

  private remember(uri: string, entry: Entry): void {
    this.cache.delete(uri);
    this.cache.set(uri, entry);
    if (this.cache.size > MAX_URIS) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
  }
}

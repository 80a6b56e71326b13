import type { Discovery } from './discovery.js';
import { VerifyError } from './errors.js';
import { importKeySet, type KeyEntry } from './key-set.js';
import { fetchJsonObject, RemoteError } from './remote.js';
import type { Settings } from './settings.js';

/** After a failed first load, verifies fail fast for this long instead of each trying again. */
const FAILURE_BACKOFF_MS = 1000;

/**
 * The issuer's public keys as KeyObjects by kid. Lookups are synchronous; the JWKS is fetched
 * on first use, refreshed in the background once older than `cacheMaxAgeSeconds`, and refetched
 * on an unknown kid at most once per cool-down. Concurrent fetches collapse into one request.
 */
export class KeyCache {
  private keys = new Map<string, KeyEntry>();
  private fetchedAt = 0;
  private jwksUri: string | undefined;
  private inflight: Promise<void> | undefined;
  private lastKidFetch = -Infinity;
  private lastFailure: { at: number; error: unknown } | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly discovery: Discovery,
    private readonly onBackgroundError: (error: Error) => void,
  ) {}

  get loaded(): boolean {
    return this.fetchedAt > 0;
  }

  /** The hot path: no I/O, except that a stale set starts a background refresh. */
  get(kid: string, nowMs: number): KeyEntry | undefined {
    if (nowMs - this.fetchedAt >= this.settings.cacheMaxAgeMs && this.fetchedAt > 0 && !this.inflight) {
      // While the issuer is down, a stale set is retried once per cool-down, not on every verify.
      const failure = this.lastFailure;
      if (
        failure === undefined ||
        nowMs - failure.at >= Math.max(this.settings.cooldownMs, FAILURE_BACKOFF_MS)
      ) {
        this.refresh().catch((error: unknown) => this.onBackgroundError(this.unavailable(error)));
      }
    }
    return this.keys.get(kid);
  }

  /** Loads the keys unless they are already loaded. Rejects with ERR_JWKS_UNAVAILABLE. */
  async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    const failure = this.lastFailure;
    if (!this.inflight && failure && Date.now() - failure.at < this.failureBackoffMs()) {
      throw this.unavailable(failure.error);
    }
    await this.settle(this.refresh());
  }

  /**
   * A kid we do not know: maybe the server rotated keys. Refetch (joining any fetch under way)
   * unless the cool-down forbids it; then the key, or ERR_KEY_NOT_FOUND.
   */
  async resolveUnknown(kid: string): Promise<KeyEntry> {
    if (!this.loaded) {
      await this.ensureLoaded();
    } else if (this.inflight) {
      await this.settle(this.inflight);
    } else if (Date.now() - this.lastKidFetch >= this.settings.cooldownMs) {
      this.lastKidFetch = Date.now();
      await this.settle(this.refresh());
    } else if (this.lastFailure && this.lastFailure.at >= this.lastKidFetch) {
      throw this.unavailable(this.lastFailure.error);
    }
    const entry = this.keys.get(kid);
    if (entry === undefined) {
      throw new VerifyError(
        'ERR_KEY_NOT_FOUND',
        `no key with kid ${JSON.stringify(kid)} in the issuer's JWKS`,
        {
          claim: 'kid',
          actual: kid,
          expected: [...this.keys.keys()],
        },
      );
    }
    return entry;
  }

  /** Fetches the JWKS now; concurrent callers share one request. Rejects with the fetch error. */
  refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  replace(keys: Map<string, KeyEntry>, fetchedAt: number, jwksUri: string): void {
    this.keys = keys;
    this.fetchedAt = fetchedAt;
    this.jwksUri = jwksUri;
    this.lastFailure = undefined;
  }

  snapshot(): { keys: Record<string, unknown>[]; fetchedAt: number; jwksUri: string } | undefined {
    if (!this.loaded || this.jwksUri === undefined) return undefined;
    return {
      keys: [...this.keys.values()].map((entry) => ({ ...entry.jwk })),
      fetchedAt: this.fetchedAt,
      jwksUri: this.jwksUri,
    };
  }

  private async fetchKeys(): Promise<void> {
    try {
      const jwksUri = this.settings.jwksUri ?? (await this.discovery.get()).jwksUri;
      const document = await fetchJsonObject(this.settings.fetch, jwksUri, 'JWKS').catch((error: unknown) => {
        throw this.withJwksHint(error);
      });
      let keys: Map<string, KeyEntry>;
      try {
        keys = importKeySet(document);
      } catch (error) {
        throw new Error(`JWKS ${jwksUri}: ${(error as Error).message}`);
      }
      this.replace(keys, Date.now(), jwksUri);
    } catch (error) {
      this.lastFailure = { at: Date.now(), error };
      throw error;
    }
  }

  /** A JWKS that is not there (404, a web page) is nearly always a wrong `jwksUri`: say which setting to fix. */
  private withJwksHint(error: unknown): unknown {
    if (!(error instanceof RemoteError) || error.misplaced !== true) return error;
    const hint =
      this.settings.jwksUri === undefined
        ? "the issuer's metadata names this jwks_uri, but nothing is there"
        : 'check the jwksUri option, or leave it out to use the one in the issuer metadata';
    const hinted = new RemoteError(`${error.message} (${hint})`, { cause: error.cause });
    if (error.status !== undefined) hinted.status = error.status;
    hinted.misplaced = true;
    return hinted;
  }

  private async settle(fetching: Promise<void>): Promise<void> {
    try {
      await fetching;
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private failureBackoffMs(): number {
    return Math.min(FAILURE_BACKOFF_MS, this.settings.cooldownMs);
  }

  private unavailable(error: unknown): VerifyError {
    if (error instanceof VerifyError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new VerifyError(
      'ERR_JWKS_UNAVAILABLE',
      `the issuer's signing keys could not be loaded: ${detail}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

import { type Configuration, type CustomFetch, type JWKS, setJwksCache } from 'openid-client';

/** A key the cache does not know triggers at most one refetch in this long. */
const JWKS_REFETCH_INTERVAL_MS = 30_000;
const MAX_KEYS = 100;
// openid-client refetches a JWKS for an unknown kid only once its copy is this many seconds old.
const LIBRARY_REFETCH_AGE_S = 60;

/** The provider's keys could not be fetched, now or (remembered) within the refetch interval. */
export class JwksUnavailable extends Error {
  override name = 'JwksUnavailable';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The provider's JWKS, cut to MAX_KEYS objects; openid-client picks and imports the key it needs. */
function boundedJwks(body: unknown, url: string): JWKS {
  if (!isObject(body) || !Array.isArray(body.keys)) {
    throw new JwksUnavailable(`${url} is not a JSON object with a "keys" array`);
  }
  return { keys: body.keys.slice(0, MAX_KEYS).filter(isObject) } as JWKS;
}

/**
 * The provider's signing keys, fetched on first use and kept across sign-ins, on Gatehouse's clock.
 * openid-client verifies ID token signatures with them; this class decides when it may fetch:
 * a token whose key is not among them refetches the set at most once per JWKS_REFETCH_INTERVAL_MS,
 * so key rotation works and a flood of unknown key ids does not become a flood of requests, and a
 * failed fetch is not retried before the interval has passed either.
 */
export class ProviderKeys {
  #jwks: JWKS | undefined;
  #fetchedAt = 0;
  #failure: JwksUnavailable | undefined;
  #inFlight: Promise<JWKS> | undefined;

  constructor(
    private readonly jwksUri: string,
    private readonly fetchImpl: CustomFetch,
    private readonly now: () => number,
  ) {}

  /**
   * Gives `config` the keys held, aged so that openid-client refetches for an unknown kid only
   * when the interval allows it (it refetches from a copy LIBRARY_REFETCH_AGE_S old, not before).
   */
  lendTo(config: Configuration): void {
    if (this.#jwks === undefined) return;
    const age = this.#mayFetch() ? LIBRARY_REFETCH_AGE_S : 0;
    setJwksCache(config, { jwks: this.#jwks, uat: Math.floor(Date.now() / 1000) - age });
  }

  /** The fetch to hand openid-client: JWKS requests are answered through this cache, others pass. */
  readonly fetch: CustomFetch = async (url, options) => {
    if (url !== this.jwksUri) return this.fetchImpl(url, options);
    const jwks = await this.#refresh(url, options);
    return new Response(JSON.stringify(jwks), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };

  #mayFetch(): boolean {
    return this.now() - this.#fetchedAt >= JWKS_REFETCH_INTERVAL_MS;
  }

  #refresh(url: string, options: Parameters<CustomFetch>[1]): Promise<JWKS> {
    // A recent failure is the answer until the interval has passed: no refetch per sign-in.
    if (this.#failure !== undefined && !this.#mayFetch()) return Promise.reject(this.#failure);
    this.#inFlight ??= this.#fetch(url, options).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(url: string, options: Parameters<CustomFetch>[1]): Promise<JWKS> {
    try {
      const response = await this.fetchImpl(url, options);
      if (response.status !== 200) throw new JwksUnavailable(`GET ${url} answered ${response.status}`);
      const body: unknown = await response.json().catch(() => undefined);
      this.#jwks = boundedJwks(body, url);
      this.#failure = undefined;
      return this.#jwks;
    } catch (error) {
      this.#failure =
        error instanceof JwksUnavailable
          ? error
          : new JwksUnavailable(error instanceof Error ? error.message : `GET ${url} failed`);
      throw this.#failure;
    } finally {
      // A failed fetch also counts towards the limit: a provider in trouble is not hammered.
      this.#fetchedAt = this.now();
    }
  }
}

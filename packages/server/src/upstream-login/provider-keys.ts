import type { KeyObject } from 'node:crypto';
import { type AssertionAlg, importPublicJwks, type PublicKeyEntry, selectKeys } from '@gatehouse/jws';
import { type Fetch, requestJson } from './provider-http.js';

/** A key the cache does not know triggers at most one refetch in this long. */
export const JWKS_REFETCH_INTERVAL_MS = 30_000;
const MAX_KEYS = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The signing keys in a provider's JWKS. Providers publish encryption keys and keys of other
 * types beside their signing keys, so each key is imported on its own and the ones Gatehouse
 * cannot verify with are left out, rather than rejecting the whole set.
 */
export function importProviderJwks(jwks: unknown): PublicKeyEntry[] {
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) {
    throw new Error('the provider JWKS is not a JSON object with a "keys" array');
  }
  const keys: PublicKeyEntry[] = [];
  for (const jwk of jwks.keys.slice(0, MAX_KEYS)) {
    if (!isObject(jwk) || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    try {
      keys.push(...importPublicJwks({ keys: [jwk] }));
    } catch {
      // Not a public signing key Gatehouse verifies with (symmetric, unknown type or algorithm): skip it.
    }
  }
  if (keys.length === 0) throw new Error('the provider JWKS holds no signing key Gatehouse can use');
  return keys;
}

/**
 * The provider's signing keys, fetched on first use and kept. A token whose key is not among
 * them refetches the set, at most once per JWKS_REFETCH_INTERVAL_MS, so key rotation works and a
 * flood of unknown key ids does not become a flood of requests.
 */
export class ProviderKeys {
  #keys: PublicKeyEntry[] | undefined;
  #fetchedAt = 0;
  #inFlight: Promise<PublicKeyEntry[]> | undefined;
  #failure: unknown;

  constructor(
    private readonly jwksUri: string,
    private readonly fetchImpl: Fetch,
    private readonly now: () => number,
  ) {}

  /** Keys that may have signed a token with this header. Throws when the JWKS cannot be fetched. */
  async candidates(kid: string | undefined, alg: AssertionAlg): Promise<KeyObject[]> {
    // Without keys, a recent failure is the answer until the interval has passed: no refetch per sign-in.
    if (
      this.#keys === undefined &&
      this.#failure !== undefined &&
      this.now() - this.#fetchedAt < JWKS_REFETCH_INTERVAL_MS
    ) {
      throw this.#failure;
    }
    const keys = this.#keys ?? (await this.#refresh());
    const found = selectKeys(keys, kid, alg);
    if (found.length > 0 || this.now() - this.#fetchedAt < JWKS_REFETCH_INTERVAL_MS) return found;
    return selectKeys(await this.#refresh(), kid, alg);
  }

  #refresh(): Promise<PublicKeyEntry[]> {
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<PublicKeyEntry[]> {
    try {
      const answer = await requestJson(this.fetchImpl, this.jwksUri);
      if (answer.status !== 200) throw new Error(`GET ${this.jwksUri} answered ${answer.status}`);
      this.#keys = importProviderJwks(answer.json);
      this.#failure = undefined;
      return this.#keys;
    } catch (error) {
      this.#failure = error;
      throw error;
    } finally {
      // A failed fetch also counts towards the limit: a provider in trouble is not hammered.
      this.#fetchedAt = this.now();
    }
  }
}

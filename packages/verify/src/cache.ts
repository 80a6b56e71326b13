import type { ServerEndpoints } from './discovery.js';
import { importKeySet, type KeyEntry } from './key-set.js';
import { type Settings, urlProblem } from './settings.js';

/**
 * A verifier's key cache as plain JSON: store it (a file in the deployment bundle, an
 * environment variable, a parameter store) and `importCache()` it at a cold start to verify
 * the first request without any network round trip. Holds public keys only: not a secret.
 */
export interface VerifierCache {
  version: 1;
  issuer: string;
  /** Where the keys came from, so a later background refresh goes to the same place. */
  jwksUri: string;
  /**
   * The issuer's `revocation_list_endpoint` as its metadata advertised it (`null`: none);
   * absent when this verifier never read the metadata.
   */
  revocationListUrl?: string | null;
  /** The public JWKs, as fetched (public members, kid, alg, use). */
  jwks: { keys: Record<string, unknown>[] };
  /** When the JWKS was fetched, in epoch milliseconds; the `cacheMaxAgeSeconds` clock starts there. */
  fetchedAt: number;
}

export interface ImportedCache {
  keys: Map<string, KeyEntry>;
  fetchedAt: number;
  jwksUri: string;
  endpoints: ServerEndpoints | undefined;
}

function fail(message: string): never {
  throw new TypeError(`importCache: ${message}`);
}

function url(name: string, value: unknown): string {
  if (typeof value !== 'string') fail(`${name} must be a string`);
  const problem = urlProblem(value);
  if (problem !== undefined) fail(`${name} ${problem}`);
  return value;
}

/** Checks a cache against this verifier's settings; anything off throws TypeError naming it. */
export function parseCache(cache: unknown, settings: Settings): ImportedCache {
  if (typeof cache !== 'object' || cache === null) fail('the cache must be an object from exportCache()');
  const c = cache as Partial<Record<keyof VerifierCache, unknown>>;
  if (c.version !== 1) fail(`unsupported cache version ${JSON.stringify(c.version)}`);
  if (c.issuer !== settings.issuer) {
    fail(
      `the cache is for issuer ${JSON.stringify(c.issuer)}, this verifier trusts ${JSON.stringify(settings.issuer)}`,
    );
  }
  const jwksUri = url('jwksUri', c.jwksUri);
  if (settings.jwksUri !== undefined && jwksUri !== settings.jwksUri) {
    fail(`the cache holds keys from ${jwksUri}, this verifier uses ${settings.jwksUri}`);
  }
  if (typeof c.fetchedAt !== 'number' || !Number.isFinite(c.fetchedAt) || c.fetchedAt <= 0) {
    fail('fetchedAt must be a timestamp in epoch milliseconds');
  }
  let keys: Map<string, KeyEntry>;
  try {
    keys = importKeySet(c.jwks);
  } catch (error) {
    return fail(`jwks: ${(error as Error).message}`);
  }
  let endpoints: ServerEndpoints | undefined;
  if (c.revocationListUrl !== undefined) {
    const revocationListUrl =
      c.revocationListUrl === null ? undefined : url('revocationListUrl', c.revocationListUrl);
    endpoints = { jwksUri, revocationListUrl };
  }
  // A cache claiming to be from the future would never go stale.
  return { keys, fetchedAt: Math.min(c.fetchedAt, Date.now()), jwksUri, endpoints };
}

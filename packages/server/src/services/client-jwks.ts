import { type PublicKeyEntry, importPublicJwks } from '@gatehouse/jws';

const TTL_MS = 5 * 60_000;
const COOLDOWN_MS = 30_000;
const TIMEOUT_MS = 5_000;
const MAX_BYTES = 64 * 1024;

interface Entry {
  keys: PublicKeyEntry[];
  fetchedAt: number;
}

/**
 * Keys of private_key_jwt clients that publish a jwks_uri. Cached for five minutes; an
 * unknown kid forces a refetch at most every 30 s per URI, one request at a time, so a
 * flood of bad assertions cannot turn Gatehouse into a traffic source.
 */
export class ClientJwksFetcher {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<PublicKeyEntry[]>>();

  constructor(private readonly now: () => number = Date.now) {}

  async keys(uri: string, options: { refresh?: boolean } = {}): Promise<PublicKeyEntry[]> {
    const entry = this.cache.get(uri);
    const age = entry ? this.now() - entry.fetchedAt : Number.POSITIVE_INFINITY;
    if (entry && age < TTL_MS && !(options.refresh && age >= COOLDOWN_MS)) return entry.keys;
    let pending = this.inflight.get(uri);
    if (!pending) {
      pending = this.fetch(uri).finally(() => this.inflight.delete(uri));
      this.inflight.set(uri, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (entry) return entry.keys;
      throw error;
    }
  }

  private async fetch(uri: string): Promise<PublicKeyEntry[]> {
    const response = await fetch(uri, {
      headers: { accept: 'application/jwk-set+json, application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`jwks_uri answered ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_BYTES) throw new Error('jwks_uri document is too large');
    const keys = importPublicJwks(JSON.parse(text));
    this.cache.set(uri, { keys, fetchedAt: this.now() });
    return keys;
  }
}

import type { Identity } from '../proxy/headers.js';

/** What a cache hit answers with, made once per token. */
export interface CachedToken {
  /** The exact Authorization header value that was verified. */
  header: string;
  result: { ok: true; identity: Identity };
  scopes: ReadonlySet<string>;
  /** Epoch ms after which the entry is not used: the sooner of now + ttl and the token's exp. */
  until: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Tokens that passed verification recently, by their Authorization header value, so a caller
 * that reuses its token (as token clients do) is not charged a signature check per request.
 * An entry lives `ttlMs` at most and never past the token's `exp`; scopes are still checked
 * per route. The price: a revocation reaches the gateway up to `ttlMs` later than it reaches
 * the verifier (whose revocation list is polled anyway).
 */
export class TokenCache {
  /** By signature segment (see `keyOf`); a hit needs the whole header to match too. */
  private readonly entries = new Map<string, CachedToken>();

  constructor(readonly ttlMs: number) {}

  get(header: string, now: number): CachedToken | undefined {
    const key = keyOf(header);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.header !== header) return undefined;
    if (entry.until > now) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** `routeScopes`: what route scopes the token meets, when that is more than `identity.scopes`. */
  set(
    header: string,
    identity: Identity,
    expSeconds: number,
    now: number,
    routeScopes: readonly string[] = identity.scopes,
  ): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(keyOf(header), {
      header,
      result: { ok: true, identity },
      scopes: new Set(routeScopes),
      until: Math.min(now + this.ttlMs, expSeconds * 1000),
    });
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * The map key of a header: what follows its last dot, the JWS signature. Every request brings a
 * fresh header string, and hashing it whole (hundreds of characters) for the lookup cost more
 * than the rest of a cache hit; the signature is short and as distinctive. Two headers with the
 * same signature share a slot, and `get` compares the whole header, so neither is ever mistaken
 * for the other.
 */
function keyOf(header: string): string {
  return header.slice(header.lastIndexOf('.') + 1);
}

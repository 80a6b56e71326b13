import type { Identity } from '../proxy/headers.js';

/** What a cache hit answers with, made once per token. */
export interface CachedToken {
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
  private readonly entries = new Map<string, CachedToken>();

  constructor(readonly ttlMs: number) {}

  get(header: string, now: number): CachedToken | undefined {
    const entry = this.entries.get(header);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry;
    this.entries.delete(header);
    return undefined;
  }

  set(header: string, identity: Identity, expSeconds: number, now: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(header, {
      result: { ok: true, identity },
      scopes: new Set(identity.scopes),
      until: Math.min(now + this.ttlMs, expSeconds * 1000),
    });
  }

  clear(): void {
    this.entries.clear();
  }
}

import { createHmac, hkdfSync } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { safeEqual } from '../../crypto/safe-equal.js';

/** Handles travel in URLs and hidden fields; a browser's URL limit is far above this. */
const MAX_HANDLE_LENGTH = 8 * 1024;

/**
 * Opaque values the hosted pages hand the browser and take back (the pending authorization
 * request, the new-password challenge): JSON, an expiry and a purpose under an HMAC keyed from
 * the master key. Nothing in a hidden field is believed unless its MAC holds, so a browser can
 * carry state between pages without being able to change it.
 */
export class SignedHandles {
  readonly #key: Buffer;

  constructor(
    masterKey: Buffer,
    private readonly clock: Clock,
  ) {
    this.#key = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse pool page handles v1', 32),
    );
  }

  seal(purpose: string, payload: unknown, ttlMs: number): string {
    const body = Buffer.from(
      JSON.stringify({ p: purpose, e: this.clock.now() + ttlMs, d: payload }),
    ).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The payload, or undefined when the handle is malformed, forged, for another purpose or expired. */
  open(purpose: string, handle: string | undefined): unknown {
    if (handle === undefined || handle.length > MAX_HANDLE_LENGTH) return undefined;
    const dot = handle.indexOf('.');
    if (dot <= 0) return undefined;
    const body = handle.slice(0, dot);
    if (!safeEqual(handle.slice(dot + 1), this.#mac(body))) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { p, e, d } = parsed as { p?: unknown; e?: unknown; d?: unknown };
    if (p !== purpose || typeof e !== 'number' || e <= this.clock.now()) return undefined;
    return d;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}

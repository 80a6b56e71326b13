import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readCookie } from '../../admin/cookies.js';
import { type Clock, seconds, systemClock } from '../../clock.js';
import { safeEqual } from '../../crypto/safe-equal.js';
import type { PagePurpose } from './model.js';

// Signed double-submit: the hosted forms are used before any session exists, so the token is
// bound to a random value in a cookie instead. The token is an HMAC over that value, the form's
// purpose, the pool and an expiry; without the server key nobody can make one for a cookie
// they planted. When https, the cookie's __Host- prefix keeps sibling subdomains from planting
// one at all.

/** The hidden field that carries the token. */
export const CSRF_FIELD = 'csrf';
const COOKIE = 'gh_pool_csrf';
const SECURE_COOKIE = `__Host-${COOKIE}`;
const VALUE = /^[A-Za-z0-9_-]{43}$/;
const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
const DEFAULT_TTL_SECONDS = 3600;
// Longer than a token, so a form opened just before the cookie would lapse still posts.
const COOKIE_SECONDS = 24 * 3600;
const MIN_KEY_BYTES = 32;

/** What the guard reads of a request: its headers (Cookie, Origin, Sec-Fetch-Site). */
export type PageRequest = Pick<IncomingMessage, 'headers'>;

export type CsrfFailure =
  'cross-site' | 'missing-cookie' | 'missing-token' | 'malformed' | 'mismatch' | 'expired';
export type CsrfCheck = { ok: true } | { ok: false; reason: CsrfFailure };

/**
 * What to tell the person when a check fails: the route renders the form again (fresh token,
 * status 403) with this as its form error. It names no detail an attacker could use.
 */
export function csrfFailureMessage(reason: CsrfFailure): string {
  return reason === 'cross-site'
    ? 'This form was sent from another site, so it was not accepted. Open the page again and retry.'
    : 'This page expired or was opened in another browser. Please try again.';
}

export interface CsrfForm {
  poolId: string;
  purpose: PagePurpose;
  /** True when the pool is served over https: the cookie is then Secure and __Host- prefixed. */
  secure: boolean;
}

export interface CsrfOptions {
  /** At least 32 bytes; see `deriveCsrfKey`. */
  key: Buffer;
  clock?: Clock;
  ttlSeconds?: number;
}

/** A CSRF key of its own from the master key, so the two never share a use. */
export function deriveCsrfKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse pool page csrf v1', 32));
}

export function csrfCookieName(secure: boolean): string {
  return secure ? SECURE_COOKIE : COOKIE;
}

/** Is this POST from another site? Browsers say so in Sec-Fetch-Site and Origin when they send them. */
function crossSite({ headers }: PageRequest, expectedOrigin: string): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  // Pages are served with Referrer-Policy: no-referrer, under which browsers send `Origin: null`
  // with the page's own form posts; the token and Sec-Fetch-Site carry the check then.
  return origin !== undefined && origin !== 'null' && origin !== new URL(expectedOrigin).origin;
}

export class CsrfGuard {
  readonly #key: Buffer;
  readonly #clock: Clock;
  readonly #ttl: number;

  constructor(options: CsrfOptions) {
    if (!Buffer.isBuffer(options.key) || options.key.length < MIN_KEY_BYTES) {
      throw new TypeError(
        `the CSRF key must be at least ${MIN_KEY_BYTES} bytes; use deriveCsrfKey(masterKey)`,
      );
    }
    const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > COOKIE_SECONDS) {
      throw new TypeError(`ttlSeconds must be a whole number of seconds from 60 to ${COOKIE_SECONDS}`);
    }
    this.#key = options.key;
    this.#clock = options.clock ?? systemClock;
    this.#ttl = ttl;
  }

  /**
   * A token for one form, and the Set-Cookie line to send with the page. The browser's current
   * cookie value is kept when it has one, so pages open in several tabs all stay valid.
   */
  issue(req: PageRequest, form: CsrfForm): { token: string; setCookie: string } {
    const present = readCookie(req, csrfCookieName(form.secure));
    const value =
      present !== undefined && VALUE.test(present) ? present : randomBytes(32).toString('base64url');
    const expires = seconds(this.#clock.now()) + this.#ttl;
    const parts = [`${csrfCookieName(form.secure)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (form.secure) parts.push('Secure');
    parts.push(`Max-Age=${COOKIE_SECONDS}`);
    return { token: `${expires}.${this.#mac(value, form, expires)}`, setCookie: parts.join('; ') };
  }

  /**
   * Checks a form POST: its site, then the token against the cookie. `expectedOrigin` is the
   * pool's public origin (from the issuer); `token` is the form's CSRF field.
   */
  verify(
    req: PageRequest,
    token: string | undefined,
    form: CsrfForm & { expectedOrigin: string },
  ): CsrfCheck {
    if (crossSite(req, form.expectedOrigin)) return { ok: false, reason: 'cross-site' };
    const value = readCookie(req, csrfCookieName(form.secure));
    if (value === undefined || value === '') return { ok: false, reason: 'missing-cookie' };
    if (token === undefined || token === '') return { ok: false, reason: 'missing-token' };
    const match = TOKEN.exec(token);
    if (!VALUE.test(value) || match === null) return { ok: false, reason: 'malformed' };
    const expires = Number(match[1]);
    if (!safeEqual(match[2] ?? '', this.#mac(value, form, expires))) return { ok: false, reason: 'mismatch' };
    if (expires <= seconds(this.#clock.now())) return { ok: false, reason: 'expired' };
    return { ok: true };
  }

  #mac(value: string, form: CsrfForm, expires: number): string {
    const message = JSON.stringify(['gatehouse pool csrf', value, form.purpose, form.poolId, expires]);
    return createHmac('sha256', this.#key).update(message).digest('base64url');
  }
}

import { randomBytes } from 'node:crypto';

/** A fresh CSP nonce for one response: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/**
 * A CSP source for a place a form's POST may end up. Chromium checks form-action on every
 * redirect that follows a form submission, so the origin of the app's registered callback must
 * be listed, or the final redirect back to the app is blocked. Only http(s) origins are accepted.
 */
function formTarget(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`form target ${JSON.stringify(value)} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`form target ${JSON.stringify(value)} is not an http(s) URL`);
  }
  return url.origin;
}

/**
 * The headers of every hosted page: a strict CSP (nothing loads but the page's own nonce'd
 * sheet and images from https or data:), no framing, no referrer (page URLs carry the pending
 * request), never cached (pages carry CSRF tokens and personal values).
 *
 * `formTargets` are the URLs the forms' answers may redirect to (the app's callback); the
 * page's own origin is always allowed.
 */
export function pageHeaders(nonce: string, formTargets: readonly string[] = []): Record<string, string> {
  if (!NONCE.test(nonce)) throw new TypeError('the CSP nonce must be base64 of at least 12 random bytes');
  const formAction = ["'self'", ...new Set(formTargets.map(formTarget))].join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      'img-src https: data:',
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

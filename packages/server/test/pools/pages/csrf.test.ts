import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import {
  CsrfGuard,
  csrfCookieName,
  csrfFailureMessage,
  deriveCsrfKey,
} from '../../../src/pools/pages/csrf.js';
import type { CsrfForm } from '../../../src/pools/pages/csrf.js';

const ORIGIN = 'https://id.example.com';
const KEY = randomBytes(32);
const FORM: CsrfForm = { poolId: 'local_AbC123xyz', purpose: 'login', secure: true };
const CHECK = { ...FORM, expectedOrigin: `${ORIGIN}/pools/local_AbC123xyz` };

function setup(now = 1_700_000_000_000) {
  const clock = { now: () => now };
  const guard = new CsrfGuard({ key: KEY, clock });
  const issued = guard.issue({ headers: {} }, FORM);
  const cookie = issued.setCookie.split(';')[0] ?? '';
  const headers = (extra: IncomingHttpHeaders = {}): { headers: IncomingHttpHeaders } => ({
    headers: { cookie: `other=1; ${cookie}`, 'sec-fetch-site': 'same-origin', origin: 'null', ...extra },
  });
  return { guard, issued, cookie, headers, clock: (ms: number) => (now = ms) };
}

describe('hosted pages: CSRF', () => {
  test('a token posted with its cookie passes', () => {
    const { guard, issued, headers } = setup();
    assert.deepEqual(guard.verify(headers(), issued.token, CHECK), { ok: true });
    assert.deepEqual(guard.verify(headers({ origin: ORIGIN }), issued.token, CHECK), { ok: true });
    // Without Fetch Metadata or Origin (an older browser), the token alone decides.
    assert.deepEqual(guard.verify({ headers: { cookie: headers().headers.cookie } }, issued.token, CHECK), {
      ok: true,
    });
  });

  test('the cookie is HttpOnly, SameSite=Lax, Secure and __Host- over https; plain over http', () => {
    const { issued } = setup();
    assert.match(
      issued.setCookie,
      /^__Host-gh_pool_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+$/,
    );
    const plain = new CsrfGuard({ key: KEY }).issue({ headers: {} }, { ...FORM, secure: false });
    assert.match(
      plain.setCookie,
      /^gh_pool_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    assert.equal(csrfCookieName(false), 'gh_pool_csrf');
  });

  test("a second page keeps the browser's cookie, so tabs opened earlier stay valid", () => {
    const { guard, issued, cookie, headers } = setup();
    const again = guard.issue({ headers: { cookie } }, { ...FORM, purpose: 'signup' });
    assert.equal(again.setCookie.split(';')[0], cookie);
    assert.deepEqual(guard.verify(headers(), issued.token, CHECK), { ok: true });
  });

  test('a token for another purpose or another pool fails', () => {
    const { guard, issued, headers } = setup();
    assert.deepEqual(guard.verify(headers(), issued.token, { ...CHECK, purpose: 'signup' }), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(guard.verify(headers(), issued.token, { ...CHECK, poolId: 'local_Other1234' }), {
      ok: false,
      reason: 'mismatch',
    });
  });

  test('an expired token fails; one second before, it passes', () => {
    const { guard, issued, headers, clock } = setup();
    clock(1_700_000_000_000 + 3599_000);
    assert.deepEqual(guard.verify(headers(), issued.token, CHECK), { ok: true });
    clock(1_700_000_000_000 + 3600_000);
    assert.deepEqual(guard.verify(headers(), issued.token, CHECK), { ok: false, reason: 'expired' });
  });

  test('a tampered token, a stretched expiry, or another key fails', () => {
    const { guard, issued, headers } = setup();
    const [expires, mac = ''] = issued.token.split('.');
    const flipped = `${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    assert.deepEqual(guard.verify(headers(), flipped, CHECK), { ok: false, reason: 'mismatch' });
    assert.deepEqual(guard.verify(headers(), `${Number(expires) + 86400}.${mac}`, CHECK), {
      ok: false,
      reason: 'mismatch',
    });
    const other = new CsrfGuard({ key: randomBytes(32), clock: { now: () => 1_700_000_000_000 } });
    assert.deepEqual(other.verify(headers(), issued.token, CHECK), { ok: false, reason: 'mismatch' });
    for (const bad of ['x', `${expires}`, `${expires}.${mac}.x`, `-1.${mac}`]) {
      assert.deepEqual(guard.verify(headers(), bad, CHECK), { ok: false, reason: 'malformed' }, bad);
    }
  });

  test("a missing cookie, another browser's cookie, or a missing token fails", () => {
    const { guard, issued } = setup();
    const site = { 'sec-fetch-site': 'same-origin' };
    assert.deepEqual(guard.verify({ headers: site }, issued.token, CHECK), {
      ok: false,
      reason: 'missing-cookie',
    });
    const planted = `${csrfCookieName(true)}=${randomBytes(32).toString('base64url')}`;
    assert.deepEqual(guard.verify({ headers: { ...site, cookie: planted } }, issued.token, CHECK), {
      ok: false,
      reason: 'mismatch',
    });
    // The http cookie does not stand in for the https one.
    const plainName = setup().cookie.replace('__Host-', '');
    assert.deepEqual(guard.verify({ headers: { ...site, cookie: plainName } }, issued.token, CHECK), {
      ok: false,
      reason: 'missing-cookie',
    });
    assert.deepEqual(guard.verify(setup().headers(), undefined, CHECK), {
      ok: false,
      reason: 'missing-token',
    });
    assert.deepEqual(guard.verify(setup().headers(), '', CHECK), { ok: false, reason: 'missing-token' });
  });

  test('a post from another site fails before the token is looked at', () => {
    const { guard, issued, headers } = setup();
    for (const site of ['cross-site', 'same-site']) {
      assert.deepEqual(guard.verify(headers({ 'sec-fetch-site': site }), issued.token, CHECK), {
        ok: false,
        reason: 'cross-site',
      });
    }
    assert.deepEqual(guard.verify(headers({ origin: 'https://evil.example' }), issued.token, CHECK), {
      ok: false,
      reason: 'cross-site',
    });
    assert.deepEqual(guard.verify(headers({ origin: 'http://id.example.com' }), issued.token, CHECK), {
      ok: false,
      reason: 'cross-site',
    });
  });

  test('a short key is refused at construction; the derived key is stable and 32 bytes', () => {
    assert.throws(() => new CsrfGuard({ key: randomBytes(16) }), TypeError);
    assert.throws(() => new CsrfGuard({ key: KEY, ttlSeconds: 5 }), TypeError);
    const master = randomBytes(32);
    assert.equal(deriveCsrfKey(master).length, 32);
    assert.deepEqual(deriveCsrfKey(master), deriveCsrfKey(master));
    assert.notDeepEqual(deriveCsrfKey(master), master);
  });

  test('failure messages tell a person what to do, and never the reason in detail', () => {
    assert.match(csrfFailureMessage('cross-site'), /another site/);
    for (const reason of ['missing-cookie', 'missing-token', 'malformed', 'mismatch', 'expired'] as const) {
      assert.equal(
        csrfFailureMessage(reason),
        'This page expired or was opened in another browser. Please try again.',
      );
    }
  });
});

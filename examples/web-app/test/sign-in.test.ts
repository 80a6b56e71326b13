// The web app end to end in Chromium, against oidc-provider as the OpenID Provider: sign in
// through the provider's page, see the profile, call the LJ Health Food API with the person's
// token, refresh (by hand and near expiry), sign out, and find the session gone.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { type RunningDemo, startDemo } from '../src/demo.js';
import { SESSION_COOKIE } from '../src/cookies.js';
import { standInProvider } from '../src/stand-in-demo.js';
import { browserUnavailable, launch } from './browser.js';

const skip = browserUnavailable();
const ACCESS_SECONDS = 600;
let offsetMs = 0;
let demo: RunningDemo;
let browser: Browser;

before(async () => {
  if (skip) return;
  demo = await startDemo(standInProvider({ accessTokenSeconds: ACCESS_SECONDS }), {
    now: () => Date.now() + offsetMs,
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(demo.app.url);
  await page.click('#sign-in');
  await page.waitForURL((url) => url.href.startsWith(demo.provider.issuer));
  await page.fill('input[name=login]', username);
  await page.fill('input[name=password]', 'any password will do');
  await page.click('button[type=submit]');
  // The stand-in asks for consent once per grant.
  await page.click('button:has-text("Continue")');
  await page.waitForURL(`${demo.app.url}/`);
}

function onlySession() {
  const sessions = demo.app.store.all();
  assert.equal(sessions.length, 1);
  return sessions[0] as NonNullable<(typeof sessions)[0]>;
}

/** The provider's own verdict on a refresh token, through openid-client. */
async function providerAccepts(refreshToken: string): Promise<boolean> {
  const config = await oidc.discovery(
    new URL(demo.provider.issuer),
    demo.provider.clientId,
    undefined,
    oidc.ClientSecretBasic(demo.provider.clientSecret),
    { execute: [oidc.allowInsecureRequests] },
  );
  return oidc.refreshTokenGrant(config, refreshToken).then(
    () => true,
    () => false,
  );
}

test('a person signs in, calls the API, refreshes and signs out', { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  // Loopback only: anything else a page asks for (a provider's web font, say) is refused.
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  await signIn(page, 'alice');

  assert.equal(await page.textContent('[data-claim=sub]'), 'alice');
  assert.equal(await page.textContent('[data-claim=email]'), 'alice@example.com');
  const session = onlySession();
  assert.equal(session.sub, 'alice');
  assert.ok(session.refreshToken, 'a refresh token is kept server-side');
  const [cookie, ...others] = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE);
  assert.equal(others.length, 0);
  assert.ok(cookie, 'the browser holds a session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.value.length, 43, 'the cookie is a 256-bit random id, not a token');
  const html = await page.content();
  for (const secret of [session.accessToken, session.refreshToken, session.idToken]) {
    assert.ok(!html.includes(secret as string), 'no token reaches the browser');
  }

  await page.click('#orders');
  assert.equal(await page.textContent('#api-status'), '200');
  assert.deepEqual(JSON.parse((await page.textContent('#api-body')) ?? ''), { orders: [] });

  await page.goto(demo.app.url);
  await page.click('#refresh');
  assert.equal(await page.textContent('#flash'), 'Tokens refreshed.');
  const refreshed = onlySession();
  assert.notEqual(refreshed.refreshToken, session.refreshToken, 'the rotated refresh token is stored');
  assert.notEqual(refreshed.accessToken, session.accessToken);

  // Near expiry by the app's clock: the next API call refreshes first.
  offsetMs = (ACCESS_SECONDS - 30) * 1000;
  await page.goto(`${demo.app.url}/orders`);
  assert.equal(await page.textContent('#api-status'), '200');
  const renewed = onlySession();
  assert.notEqual(renewed.refreshToken, refreshed.refreshToken);
  assert.ok((renewed.refreshedAt ?? 0) > (refreshed.refreshedAt ?? 0));
  offsetMs = 0;

  await page.goto(demo.app.url);
  await page.click('#sign-out');
  await page.waitForURL((url) => url.href.startsWith(demo.provider.issuer));
  await page.click('button[name=logout]');
  await page.waitForURL(`${demo.app.url}/`);
  assert.equal(await page.isVisible('#sign-in'), true, 'back on the signed-out home page');
  assert.equal(demo.app.store.size, 0, 'the server-side session is gone');
  assert.equal((await context.cookies()).filter((c) => c.name === SESSION_COOKIE).length, 0);

  // The old cookie, replayed, is worth nothing; the revoked refresh token neither.
  const replay = await fetch(`${demo.app.url}/orders`, {
    headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` },
    redirect: 'manual',
  });
  assert.equal(replay.status, 303);
  assert.equal(replay.headers.get('location'), '/login');
  assert.equal(await providerAccepts(renewed.refreshToken as string), false);

  // The provider's session ended too: signing in again asks for a password.
  await page.click('#sign-in');
  await page.waitForSelector('input[name=password]');
  await context.close();
});

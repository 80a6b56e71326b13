// The web app end to end in Chromium against Gatehouse itself: sign in on a pool's hosted page,
// see the profile, call the LJ Health Food API with the person's access token (the API checks
// token_use and client_id with @gatehouse/verify), refresh, and sign out both ways: OpenID
// Connect's end_session_endpoint and Cognito's /logout.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { configuredProvider } from '../src/configured-provider.js';
import { SESSION_COOKIE } from '../src/cookies.js';
import { type RunningDemo, startDemo } from '../src/demo.js';
import { DEMO_EMAIL, DEMO_USERNAME, gatehouseProvider } from '../src/gatehouse-demo.js';
import { browserUnavailable, launch } from './browser.js';

const skip = browserUnavailable();
const ACCESS_SECONDS = 600;
let browser: Browser;

before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

/** A browser profile that may reach loopback only; what it was refused is kept. */
async function loopbackTab(): Promise<{ context: BrowserContext; page: Page; refused: string[] }> {
  const context = await browser.newContext();
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    // Gatehouse names itself localhost when no issuer is configured.
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    refused.push(url.href);
    return route.abort();
  });
  return { context, page: await context.newPage(), refused };
}

async function signIn(page: Page, demo: RunningDemo): Promise<void> {
  const person = demo.provider.demoUser;
  assert.ok(person, 'the Gatehouse demo makes a person to sign in with');
  await page.goto(demo.app.url);
  await page.click('#sign-in');
  await page.waitForURL((url) => url.href.startsWith(`${demo.provider.issuer}/`));
  await page.fill('input[name=username]', person.username);
  await page.fill('input[name=password]', person.password);
  await page.click('form button.primary');
  await page.waitForURL(`${demo.app.url}/`);
}

function onlySession(demo: RunningDemo) {
  const sessions = demo.app.store.all();
  assert.equal(sessions.length, 1);
  return sessions[0] as NonNullable<(typeof sessions)[0]>;
}

async function signOutAndBack(page: Page, demo: RunningDemo): Promise<void> {
  await page.goto(demo.app.url);
  await page.click('#sign-out');
  await page.waitForURL(`${demo.app.url}/`);
  assert.equal(await page.isVisible('#sign-in'), true, 'back on the signed-out home page');
  assert.equal(demo.app.store.size, 0, 'the server-side session is gone');
  // Gatehouse's session ended too: signing in again asks for the password.
  await page.click('#sign-in');
  await page.waitForSelector('input[name=password]');
  assert.ok(page.url().startsWith(`${demo.provider.issuer}/`));
}

describe('the web app signs people in through Gatehouse', { skip }, () => {
  let offsetMs = 0;
  let demo: RunningDemo;
  before(async () => {
    demo = await startDemo(gatehouseProvider({ accessTokenSeconds: ACCESS_SECONDS }), {
      now: () => Date.now() + offsetMs,
    });
  });
  after(() => demo?.close());

  test(
    'sign in, call the API, refresh, and sign out at the end_session_endpoint',
    { timeout: 120_000 },
    async () => {
      const { context, page, refused } = await loopbackTab();
      await signIn(page, demo);
      const session = onlySession(demo);
      assert.equal(await page.textContent('[data-claim="cognito:username"]'), DEMO_USERNAME);
      assert.equal(await page.textContent('[data-claim=email]'), DEMO_EMAIL);
      assert.equal(await page.textContent('[data-claim=sub]'), session.sub);
      assert.match(session.sub, /^[0-9a-f-]{36}$/, "the pool's sub, a UUID");
      assert.ok(session.refreshToken, 'a refresh token is kept server-side');
      const [cookie] = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE);
      assert.ok(cookie);

      await page.click('#orders');
      assert.equal(await page.textContent('#api-status'), '200');
      assert.deepEqual(JSON.parse((await page.textContent('#api-body')) ?? ''), { orders: [] });
      // The API takes access tokens only: the ID token of the same sign-in is refused.
      const withIdToken = await fetch(`${demo.api.url}/orders`, {
        headers: { authorization: `Bearer ${session.idToken}` },
      });
      assert.equal(withIdToken.status, 401);

      await page.goto(demo.app.url);
      await page.click('#refresh');
      assert.equal(await page.textContent('#flash'), 'Tokens refreshed.');
      const refreshed = onlySession(demo);
      assert.notEqual(refreshed.refreshToken, session.refreshToken, 'the rotated refresh token is stored');
      assert.notEqual(refreshed.accessToken, session.accessToken);

      // Near expiry by the app's clock: the next API call refreshes first.
      offsetMs = (ACCESS_SECONDS - 30) * 1000;
      await page.goto(`${demo.app.url}/orders`);
      assert.equal(await page.textContent('#api-status'), '200');
      assert.notEqual(onlySession(demo).refreshToken, refreshed.refreshToken);
      offsetMs = 0;

      await signOutAndBack(page, demo);
      const replay = await fetch(`${demo.app.url}/orders`, {
        headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` },
        redirect: 'manual',
      });
      assert.equal(replay.status, 303, 'the old cookie is worth nothing');
      assert.deepEqual(refused, [], 'no page asked for anything off this machine');
      await context.close();
    },
  );
});

test('a running pool named by ISSUER plugs in, and its API takes that app client only', async () => {
  const first = await startDemo(gatehouseProvider());
  try {
    const second = await startDemo(
      configuredProvider({
        ISSUER: first.provider.issuer,
        CLIENT_ID: first.provider.clientId,
        CLIENT_SECRET: first.provider.clientSecret,
      }),
    );
    await second.close();
    assert.equal(second.provider.appClientId, first.provider.clientId);
    assert.equal(second.provider.revocationList, false);
  } finally {
    await first.close();
  }
});

describe("the web app signs out through Gatehouse's Cognito-style /logout", { skip }, () => {
  let demo: RunningDemo;
  before(async () => {
    demo = await startDemo(gatehouseProvider(), { env: { LOGOUT_STYLE: 'cognito' } });
  });
  after(() => demo?.close());

  test('sign in, then /logout?client_id=&logout_uri= ends both sessions', { timeout: 120_000 }, async () => {
    const { context, page, refused } = await loopbackTab();
    await signIn(page, demo);
    await page.click('#orders');
    assert.equal(await page.textContent('#api-status'), '200');
    await page.goto(demo.app.url);

    const logout = page.waitForRequest((r) => r.url().startsWith(`${demo.provider.issuer}/logout?`));
    await signOutAndBack(page, demo);
    const sent = new URL((await logout).url());
    assert.equal(sent.origin + sent.pathname, `${demo.provider.issuer}/logout`);
    assert.equal(sent.searchParams.get('client_id'), demo.provider.clientId);
    assert.equal(sent.searchParams.get('logout_uri'), `${demo.app.url}/`);
    assert.deepEqual(refused, []);
    await context.close();
  });
});

// The app's answers to bad or stale input, and its two logout styles, without a browser.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConfigError } from '../src/config.js';
import { configuredProvider } from '../src/configured-provider.js';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../src/cookies.js';
import { type RunningDemo, startDemo } from '../src/demo.js';
import { Provider } from '../src/provider.js';
import { standInProvider } from '../src/stand-in-demo.js';

let demo: RunningDemo;
before(async () => {
  demo = await startDemo(standInProvider());
});
after(() => demo?.close());

const get = (path: string, cookie?: string) =>
  fetch(demo.app.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });

async function loginCookie(): Promise<{ cookie: string; state: string }> {
  const response = await get('/login');
  assert.equal(response.status, 303);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  assert.ok(cookie.startsWith(`${LOGIN_COOKIE}=`));
  const state = new URL(response.headers.get('location') ?? '').searchParams.get('state') ?? '';
  return { cookie, state };
}

test('a callback without its sign-in, or replayed, is a 400 page', async () => {
  const response = await get('/callback?code=abc&state=xyz');
  assert.equal(response.status, 400);
  assert.match(await response.text(), /expired or was already used/);

  const { cookie, state } = await loginCookie();
  const wrong = await get(`/callback?code=abc&state=${state}x`, cookie);
  assert.equal(wrong.status, 400);
  assert.match(await wrong.text(), /could not be completed/);
  const replayed = await get(`/callback?code=abc&state=${state}`, cookie);
  assert.equal(replayed.status, 400, 'the pending sign-in was used up');
  assert.equal(demo.app.store.size, 0);
});

test("the provider's refusal is shown, not followed", async () => {
  const { cookie, state } = await loginCookie();
  const response = await get(
    `/callback?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=${state}`,
    cookie,
  );
  assert.equal(response.status, 400);
  const html = await response.text();
  assert.match(html, /refused the sign-in: access_denied \(&lt;b&gt;no&lt;\/b&gt;\)/);
});

test('signed-out requests: pages redirect to sign-in, form posts are refused', async () => {
  const orders = await get('/orders');
  assert.equal(orders.status, 303);
  assert.equal(orders.headers.get('location'), '/login');
  for (const path of ['/refresh', '/logout']) {
    const response = await fetch(demo.app.url + path, {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=forged`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=x',
      redirect: 'manual',
    });
    assert.equal(response.status, 401, path);
  }
});

test('logout goes to the end_session_endpoint, or Cognito-style /logout', async () => {
  const oidcStyle = await Provider.discover(demo.config);
  const endSession = oidcStyle.logoutUrl('an.id.token');
  assert.equal(endSession.origin + endSession.pathname, `${demo.provider.issuer}/session/end`);
  assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${demo.app.url}/`);
  assert.equal(endSession.searchParams.get('id_token_hint'), 'an.id.token');

  const cognito = await Provider.discover({ ...demo.config, logoutStyle: 'cognito' });
  assert.equal(
    cognito.logoutUrl(undefined).href,
    `${demo.provider.issuer}/logout?client_id=lj-web-app&logout_uri=${encodeURIComponent(`${demo.app.url}/`)}`,
  );
});

test('an issuer without discovery fails at start, naming ISSUER', async () => {
  await assert.rejects(
    Provider.discover({ ...demo.config, issuer: 'http://127.0.0.1:9' }),
    (error: Error) => error instanceof ConfigError && /^ISSUER http:\/\/127\.0\.0\.1:9/.test(error.message),
  );
});

test('a running provider, from the environment, plugs into startDemo', async () => {
  const env = {
    ISSUER: demo.provider.issuer,
    CLIENT_ID: demo.provider.clientId,
    CLIENT_SECRET: demo.provider.clientSecret,
    SCOPE: demo.provider.scope,
  };
  const second = await startDemo(configuredProvider(env));
  try {
    assert.equal(second.provider.jwksUri, `${demo.provider.issuer}/jwks`);
    assert.equal(second.provider.revocationList, false);
    const login = await fetch(`${second.app.url}/login`, { redirect: 'manual' });
    assert.ok(login.headers.get('location')?.startsWith(`${demo.provider.issuer}/auth?`));
  } finally {
    await second.close();
  }
  await assert.rejects(
    startDemo(configuredProvider({ ...env, CLIENT_SECRET: '' })),
    /CLIENT_SECRET is required/,
  );
});

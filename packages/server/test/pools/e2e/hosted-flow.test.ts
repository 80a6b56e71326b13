// A confidential app signs a person in through a pool's hosted page, end to end with real
// clients: openid-client (discovery, PKCE, state, nonce, RFC 9207 iss, client_secret_basic,
// userinfo, refresh, end-session) and the hosted pages in Chromium, on both stores.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { describeEachBackend } from '../../oauth/harness.js';
import { browserUnavailable, launchChromium, type LoopbackContext, loopbackContext } from './browser.js';
import { assertSignInPage, landOn, signInThrough, submitSignIn } from './hosted-page.js';
import { atHash, rejectsWithOAuth, verifyPoolToken } from './tokens.js';
import { createHostedWorld, finishLogin, type HostedWorld, startLogin } from './world.js';

const skip = browserUnavailable();
/** The OpenID scopes only: the access token is then for the pool's userinfo endpoint. */
const OIDC_ONLY = 'openid email profile';

describeEachBackend(
  'hosted sign-in for a confidential app, openid-client in Chromium',
  (gate) => {
    let world: HostedWorld;
    let browser: Browser;
    let tab: LoopbackContext;
    let tokens: Awaited<ReturnType<typeof finishLogin>>;
    let nonce: string;

    before(async () => {
      if (skip) return;
      world = await createHostedWorld(gate);
      browser = await launchChromium();
      tab = await loopbackContext(browser);
    });
    // The server's clock follows the real one step by step, so openid-client (which checks iat and
    // exp against the real time) and the server agree however long the browser takes.
    beforeEach(() => gate.clock.set(Date.now()));
    after(async () => {
      await tab?.close();
      await browser?.close();
      await world?.receiver.close();
    });
    const keep = (...values: (string | undefined)[]) => {
      for (const v of values) if (v) gate.secrets.push(v);
    };

    test('one message for a wrong password and an unknown user, and no redirect', { skip }, async () => {
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, OIDC_ONLY);
      await tab.page.goto(login.url.href);
      await assertSignInPage(tab.page, world.poolIssuer);
      await submitSignIn(tab.page, 'alice', `${world.alice.password}x`);
      await assertSignInPage(tab.page, world.poolIssuer);
      const wrongPassword = await tab.page.textContent('[role=alert]');
      await submitSignIn(tab.page, 'nobody-by-that-name', world.alice.password);
      await assertSignInPage(tab.page, world.poolIssuer);
      assert.ok(wrongPassword && wrongPassword.trim() !== '', 'the page says what went wrong');
      assert.equal(await tab.page.textContent('[role=alert]'), wrongPassword);
      assert.equal(world.receiver.hits.length, 0, 'the app was never called');
    });

    test(
      'the person signs in on the hosted page; the code comes back with state and iss',
      { skip },
      async () => {
        const login = await startLogin(world.confidentialConfig, world.receiver.callback, OIDC_ONLY);
        nonce = login.nonce;
        const landed = new URL(
          await signInThrough(tab.page, login.url, world.poolIssuer, world.receiver.base, world.alice),
        );
        assert.equal(landed.origin + landed.pathname, world.receiver.callback, 'the exact registered URI');
        assert.equal(landed.searchParams.get('state'), login.state);
        assert.equal(landed.searchParams.get('iss'), world.poolIssuer, 'RFC 9207');
        assert.match(landed.searchParams.get('code') ?? '', /^[\w-]{43}$/, 'a 256-bit code');
        keep(landed.searchParams.get('code') ?? undefined);
        // The session: a 256-bit id in an HttpOnly, SameSite=Lax cookie, never in a log line.
        const cookies = await tab.context.cookies(world.poolIssuer);
        keep(...cookies.map((c) => c.value));
        assert.ok(
          cookies.some((c) => c.httpOnly && c.sameSite === 'Lax' && /^[\w-]{43}$/.test(c.value)),
          `a session cookie among ${cookies.map((c) => c.name).join(', ')}`,
        );

        tokens = await finishLogin(world.confidentialConfig, landed.href, login);
        keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
        assert.equal(tokens.token_type.toLowerCase(), 'bearer');
        assert.ok((tokens.expires_in ?? 0) > 0);
        assert.ok(tokens.refresh_token, 'a refresh token');
        assert.deepEqual(tokens.scope?.split(' ').sort(), ['email', 'openid', 'profile']);
      },
    );

    test(
      'the ID token is signed with the pool keys and carries nonce, at_hash and the claims',
      { skip },
      async () => {
        const { clientId } = world.confidential;
        const claims = await verifyPoolToken(world.confidentialConfig, tokens.id_token ?? '', {
          typ: 'JWT',
          audience: clientId,
        });
        assert.deepEqual(claims, { ...tokens.claims() });
        assert.equal(claims.sub, world.alice.sub);
        assert.equal(claims.nonce, nonce);
        assert.equal(claims.at_hash, atHash(tokens.access_token));
        assert.equal(typeof claims.auth_time, 'number');
        assert.equal(claims.token_use, 'id');
        assert.equal(claims['cognito:username'], 'alice');
        assert.equal(claims.email, 'alice@example.com');
        assert.equal(claims.email_verified, true);
        assert.equal(claims.name, 'Alice Liddell');

        const access = await verifyPoolToken(world.confidentialConfig, tokens.access_token, {
          typ: 'at+jwt',
          audience: `${world.poolIssuer}/oauth2/userInfo`,
        });
        assert.equal(access.sub, world.alice.sub);
        assert.equal(access.client_id, clientId);
        assert.equal(access.token_use, 'access');
        assert.equal(access.username, 'alice');
      },
    );

    test('userinfo answers with the claims the scopes allow', { skip }, async () => {
      const info = await oidc.fetchUserInfo(world.confidentialConfig, tokens.access_token, world.alice.sub);
      assert.equal(info.sub, world.alice.sub);
      assert.equal(info.email, 'alice@example.com');
      assert.equal(info.email_verified, true);
      assert.equal(info.name, 'Alice Liddell');
      assert.equal(info.phone_number, undefined, 'no phone scope, no phone claims');
    });

    test(
      'refresh rotates; the new token works, and the spent one then revokes the family',
      { skip },
      async () => {
        const first = tokens.refresh_token ?? '';
        const second = await oidc.refreshTokenGrant(world.confidentialConfig, first);
        keep(second.access_token, second.refresh_token, second.id_token);
        assert.ok(second.refresh_token && second.refresh_token !== first, 'a new refresh token');
        assert.notEqual(second.access_token, tokens.access_token);
        const third = await oidc.refreshTokenGrant(world.confidentialConfig, second.refresh_token);
        keep(third.access_token, third.refresh_token, third.id_token);
        assert.ok(third.refresh_token);

        await rejectsWithOAuth(oidc.refreshTokenGrant(world.confidentialConfig, first), 400, 'invalid_grant');
        await rejectsWithOAuth(
          oidc.refreshTokenGrant(world.confidentialConfig, third.refresh_token),
          400,
          'invalid_grant',
        );
      },
    );

    test('while the session lasts, a new authorization request skips the form', { skip }, async () => {
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, OIDC_ONLY);
      await tab.page.goto(login.url.href);
      const landed = await landOn(tab.page, world.receiver.base);
      tokens = await finishLogin(world.confidentialConfig, landed, login);
      keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
      assert.equal(tokens.claims()?.sub, world.alice.sub);
    });

    test('end-session returns to the registered URI, and the next sign-in asks again', { skip }, async () => {
      // Two hours on: the ID token has expired, the session (8 h idle) has not. RP-Initiated
      // Logout expects expired ID tokens as hints, so the logout still goes through.
      gate.clock.advance(2 * 3600_000);
      const state = oidc.randomState();
      const url = oidc.buildEndSessionUrl(world.confidentialConfig, {
        id_token_hint: tokens.id_token ?? '',
        post_logout_redirect_uri: world.receiver.signedOut,
        state,
      });
      assert.equal(url.origin + url.pathname, `${world.poolIssuer}/oauth2/logout`);
      await tab.page.goto(url.href);
      const landed = new URL(await landOn(tab.page, world.receiver.signedOut));
      assert.equal(landed.searchParams.get('state'), state);

      const login = await startLogin(world.confidentialConfig, world.receiver.callback, OIDC_ONLY);
      await tab.page.goto(login.url.href);
      await assertSignInPage(tab.page, world.poolIssuer);
    });

    test('an unregistered post-logout URI is refused on a page, never followed', { skip }, async () => {
      const url = oidc.buildEndSessionUrl(world.confidentialConfig, {
        client_id: world.confidential.clientId,
        post_logout_redirect_uri: 'http://127.0.0.1:9/elsewhere',
      });
      const answer = await tab.page.goto(url.href);
      assert.ok(
        answer && answer.status() >= 400 && answer.status() < 500,
        `a 4xx page, got ${answer?.status()}`,
      );
      assert.ok(tab.page.url().startsWith(world.poolIssuer));
    });

    test('the hosted pages asked for nothing off this machine', { skip }, () => {
      assert.deepEqual(tab.refused, []);
    });
  },
  { startAt: Date.now() },
);

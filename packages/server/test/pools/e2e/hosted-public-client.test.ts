// A public app (a single-page app: PKCE, no secret) signs a person in through the hosted page
// with openid-client in Chromium, asks for an API scope, and signs out the Cognito way
// (`/logout?client_id=&logout_uri=`), on both stores.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { describeEachBackend } from '../../oauth/harness.js';
import { browserUnavailable, launchChromium, type LoopbackContext, loopbackContext } from './browser.js';
import { assertSignInPage, landOn, signInThrough } from './hosted-page.js';
import { rejectsWithOAuth, verifyPoolToken } from './tokens.js';
import { API, createHostedWorld, finishLogin, type HostedWorld, startLogin } from './world.js';

const skip = browserUnavailable();

describeEachBackend(
  'hosted sign-in for a public app with PKCE, openid-client in Chromium',
  (gate) => {
    let world: HostedWorld;
    let browser: Browser;
    let tab: LoopbackContext;
    let refreshToken: string;
    let landedUrl: string;
    let landedLogin: Awaited<ReturnType<typeof startLogin>>;

    before(async () => {
      if (skip) return;
      world = await createHostedWorld(gate);
      browser = await launchChromium();
      tab = await loopbackContext(browser);
    });
    beforeEach(() => gate.clock.set(Date.now()));
    after(async () => {
      await tab?.close();
      await browser?.close();
      await world?.receiver.close();
    });
    const keep = (...values: (string | undefined)[]) => {
      for (const v of values) if (v) gate.secrets.push(v);
    };

    test(
      'openid-client signs in with PKCE and no secret; the access token is for the API',
      { skip },
      async () => {
        assert.ok(
          world.publicConfig.serverMetadata().code_challenge_methods_supported?.includes('S256'),
          'discovery advertises S256',
        );
        landedLogin = await startLogin(world.publicConfig, world.receiver.callback);
        landedUrl = await signInThrough(
          tab.page,
          landedLogin.url,
          world.poolIssuer,
          world.receiver.base,
          world.alice,
        );
        keep(new URL(landedUrl).searchParams.get('code') ?? undefined);
        const tokens = await finishLogin(world.publicConfig, landedUrl, landedLogin);
        keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
        refreshToken = tokens.refresh_token ?? '';
        assert.ok(refreshToken, 'a refresh token');

        const id = await verifyPoolToken(world.publicConfig, tokens.id_token ?? '', {
          typ: 'JWT',
          audience: world.publicClientId,
        });
        assert.equal(id.sub, world.alice.sub);
        assert.equal(id.nonce, landedLogin.nonce);

        const access = await verifyPoolToken(world.publicConfig, tokens.access_token, {
          typ: 'at+jwt',
          audience: API,
        });
        assert.equal(access.client_id, world.publicClientId);
        assert.equal(access.token_use, 'access');
        assert.equal(access.username, 'alice');
        assert.ok(String(access.scope).split(' ').includes('list-orders'), `scope ${String(access.scope)}`);
      },
    );

    test('refresh without a secret rotates the refresh token', { skip }, async () => {
      const next = await oidc.refreshTokenGrant(world.publicConfig, refreshToken);
      keep(next.access_token, next.refresh_token, next.id_token);
      assert.ok(next.refresh_token && next.refresh_token !== refreshToken);
      refreshToken = next.refresh_token;
    });

    test(
      'the same code twice: refused, and what the code issued is revoked (RFC 6749 §10.5)',
      { skip },
      async () => {
        await rejectsWithOAuth(finishLogin(world.publicConfig, landedUrl, landedLogin), 400, 'invalid_grant');
        await rejectsWithOAuth(
          oidc.refreshTokenGrant(world.publicConfig, refreshToken),
          400,
          'invalid_grant',
        );
      },
    );

    test('a code with the wrong PKCE verifier is refused', { skip }, async () => {
      const login = await startLogin(world.publicConfig, world.receiver.callback);
      await tab.page.goto(login.url.href);
      const landed = await landOn(tab.page, world.receiver.base);
      keep(new URL(landed).searchParams.get('code') ?? undefined);
      await rejectsWithOAuth(
        finishLogin(world.publicConfig, landed, { ...login, codeVerifier: oidc.randomPKCECodeVerifier() }),
        400,
        'invalid_grant',
      );
    });

    test('without PKCE the request comes back with an error, never a code', { skip }, async () => {
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(world.publicConfig, {
        redirect_uri: world.receiver.callback,
        scope: 'openid',
        state,
      });
      await tab.page.goto(url.href);
      const landed = new URL(await landOn(tab.page, world.receiver.base));
      assert.equal(landed.searchParams.get('error'), 'invalid_request');
      assert.equal(landed.searchParams.get('state'), state);
      assert.equal(landed.searchParams.get('iss'), world.poolIssuer);
      assert.equal(landed.searchParams.get('code'), null);
    });

    test("Cognito's /logout with an unregistered logout_uri is refused on a page", { skip }, async () => {
      const url = new URL(`${world.poolIssuer}/logout`);
      url.searchParams.set('client_id', world.publicClientId);
      url.searchParams.set('logout_uri', `${world.receiver.base}/not-registered`);
      const answer = await tab.page.goto(url.href);
      assert.ok(
        answer && answer.status() >= 400 && answer.status() < 500,
        `a 4xx page, got ${answer?.status()}`,
      );
      assert.ok(tab.page.url().startsWith(world.poolIssuer));
    });

    test("Cognito's /logout ends the session and returns to the logout URI", { skip }, async () => {
      const url = new URL(`${world.poolIssuer}/logout`);
      url.searchParams.set('client_id', world.publicClientId);
      url.searchParams.set('logout_uri', world.receiver.signedOut);
      await tab.page.goto(url.href);
      await landOn(tab.page, world.receiver.signedOut);

      const login = await startLogin(world.publicConfig, world.receiver.callback);
      await tab.page.goto(login.url.href);
      await assertSignInPage(tab.page, world.poolIssuer);
    });

    test('the hosted pages asked for nothing off this machine', { skip }, () => {
      assert.deepEqual(tab.refused, []);
    });
  },
  { startAt: Date.now() },
);

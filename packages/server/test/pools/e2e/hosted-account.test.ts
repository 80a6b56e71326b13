// A person's account over its life, in Chromium with openid-client, on both stores: a temporary
// password replaced on the new-password page, a forgotten one reset with the code from real
// mail (which ends every session and refresh token), and an admin's global sign-out.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { describeEachBackend } from '../../oauth/harness.js';
import { codeFrom, startMailCatcher } from '../../support/mail-catcher.js';
import { strongPassword } from '../harness.js';
import { browserUnavailable, launchChromium, type LoopbackContext, loopbackContext } from './browser.js';
import { assertSignInPage, landOn, signInThrough, submitSignIn } from './hosted-page.js';
import { rejectsWithOAuth } from './tokens.js';
import { createHostedWorld, finishLogin, type HostedWorld, startLogin } from './world.js';

const skip = browserUnavailable();
const catcher = await startMailCatcher();
after(() => catcher.close());

describeEachBackend(
  "a person's account: temporary password, forgotten password, global sign-out",
  (gate) => {
    let world: HostedWorld;
    let browser: Browser;
    const tabs: LoopbackContext[] = [];
    const keep = (...values: (string | undefined)[]) => {
      for (const v of values) if (v) gate.secrets.push(v);
    };
    const tab = async () => {
      const opened = await loopbackContext(browser);
      tabs.push(opened);
      return opened;
    };
    /** Alice signs in in `where` and the app redeems the code: her refresh token. */
    const aliceSignsIn = async (where: LoopbackContext, password: string) => {
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, 'openid email');
      const who = { username: 'alice', password };
      const landed = await signInThrough(where.page, login.url, world.poolIssuer, world.receiver.base, who);
      const tokens = await finishLogin(world.confidentialConfig, landed, login);
      keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
      assert.ok(tokens.refresh_token);
      return tokens.refresh_token;
    };
    /** A new authorization request in `where` shows the sign-in form: no session is left there. */
    const asksAgain = async (where: LoopbackContext) => {
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, 'openid');
      await where.page.goto(login.url.href);
      await assertSignInPage(where.page, world.poolIssuer);
    };

    before(async () => {
      if (skip) return;
      world = await createHostedWorld(gate);
      browser = await launchChromium();
    });
    beforeEach(() => gate.clock.set(Date.now()));
    after(async () => {
      for (const t of tabs) await t.close();
      await browser?.close();
      await world?.receiver.close();
    });

    test('a temporary password leads to the new-password page, then on to the app', { skip }, async () => {
      const temporary = strongPassword();
      const chosen = strongPassword();
      keep(temporary, chosen);
      const { poolUsers } = gate.server.gatehouse;
      await poolUsers.create(
        world.poolId,
        { username: 'dave', email: 'dave@example.com', password: temporary, temporaryPassword: true },
        CLI_ACTOR,
      );
      const { page } = await tab();
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, 'openid');
      await page.goto(login.url.href);
      await assertSignInPage(page, world.poolIssuer);
      await submitSignIn(page, 'dave', temporary);
      await page.locator('h1', { hasText: 'Choose your password' }).waitFor();
      assert.equal(world.receiver.hits.length, 0, 'no code before the password is changed');
      await page.fill('input[name=password]', chosen);
      await page.click('form button.primary');
      const tokens = await finishLogin(
        world.confidentialConfig,
        await landOn(page, world.receiver.base),
        login,
      );
      keep(tokens.access_token, tokens.refresh_token, tokens.id_token);
      assert.equal(tokens.claims()?.['cognito:username'], 'dave');
      assert.equal((await poolUsers.get(world.poolId, 'dave', CLI_ACTOR)).status, 'CONFIRMED');
    });

    test('a reset with the mailed code ends every session and refresh token', { skip }, async () => {
      const elsewhere = await tab();
      const oldRefresh = await aliceSignsIn(elsewhere, world.alice.password);

      const { page } = await tab();
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, 'openid');
      await page.goto(login.url.href);
      await assertSignInPage(page, world.poolIssuer);
      await page.click('a[href*="/forgot-password"]');
      await page.fill('input[name=username]', 'alice');
      await page.click('form button.primary');
      await page.locator('h1', { hasText: 'Choose a new password' }).waitFor();
      const code = codeFrom(await catcher.next({ to: 'alice@example.com', timeoutMs: 10_000 }));
      const password = strongPassword();
      keep(code, password);
      await page.fill('input[name=username]', 'alice');
      await page.fill('input[name=code]', code);
      await page.fill('input[name=password]', password);
      await page.click('form button.primary');
      await page.locator('h1', { hasText: /^Sign in$/ }).waitFor();
      await submitSignIn(page, 'alice', world.alice.password);
      await assertSignInPage(page, world.poolIssuer);
      await submitSignIn(page, 'alice', password);
      keep(
        ...(await finishLogin(world.confidentialConfig, await landOn(page, world.receiver.base), login).then(
          (t) => [t.access_token, t.refresh_token, t.id_token],
        )),
      );
      world.alice.password = password;

      await rejectsWithOAuth(
        oidc.refreshTokenGrant(world.confidentialConfig, oldRefresh),
        400,
        'invalid_grant',
      );
      await asksAgain(elsewhere);
    });

    test(
      "an admin's global sign-out revokes refresh tokens and ends the browser session",
      { skip },
      async () => {
        const where = await tab();
        const refresh = await aliceSignsIn(where, world.alice.password);
        await gate.server.gatehouse.poolUsers.signOut(world.poolId, 'alice', CLI_ACTOR);
        await rejectsWithOAuth(
          oidc.refreshTokenGrant(world.confidentialConfig, refresh),
          400,
          'invalid_grant',
        );
        await asksAgain(where);
      },
    );

    test('the hosted pages asked for nothing off this machine', { skip }, () => {
      assert.deepEqual(
        tabs.flatMap((t) => t.refused),
        [],
      );
    });
  },
  {
    startAt: Date.now(),
    env: {
      GATEHOUSE_SMTP_URL: catcher.url,
      GATEHOUSE_MAIL_FROM: 'LJ Health Food <no-reply@lj-health-food.example>',
    },
  },
);

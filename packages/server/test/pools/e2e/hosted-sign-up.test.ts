// A person creates their own account on the hosted pages in Chromium, reads the confirmation
// code from a real SMTP receiver, confirms, and the app gets them signed in through
// openid-client, on both stores.
import * as assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { describeEachBackend } from '../../oauth/harness.js';
import { codeFrom, startMailCatcher } from '../../support/mail-catcher.js';
import { strongPassword } from '../harness.js';
import { browserUnavailable, launchChromium, type LoopbackContext, loopbackContext } from './browser.js';
import { assertSignInPage, landOn, submitSignIn } from './hosted-page.js';
import { createHostedWorld, finishLogin, type HostedWorld, startLogin } from './world.js';

const skip = browserUnavailable();
const catcher = await startMailCatcher();
after(() => catcher.close());

describeEachBackend(
  'hosted sign-up with the code from real mail, openid-client in Chromium',
  (gate) => {
    let world: HostedWorld;
    let browser: Browser;
    let tab: LoopbackContext;
    // One name per store: both suites share the mail receiver.
    const username = `bob-${gate.backendName}`;
    const email = `${username}@example.com`;
    const password = strongPassword();

    before(async () => {
      if (skip) return;
      world = await createHostedWorld(gate, { selfSignUp: true });
      browser = await launchChromium();
      tab = await loopbackContext(browser);
      gate.secrets.push(password);
    });
    beforeEach(() => gate.clock.set(Date.now()));
    after(async () => {
      await tab?.close();
      await browser?.close();
      await world?.receiver.close();
    });

    test('sign up, confirm with the mailed code, and come back to the app signed in', { skip }, async () => {
      const { page } = tab;
      const login = await startLogin(
        world.confidentialConfig,
        world.receiver.callback,
        'openid email profile',
      );
      await page.goto(login.url.href);
      await assertSignInPage(page, world.poolIssuer);
      await page.click('a[href*="/signup"]');
      assert.equal(await page.textContent('h1'), 'Create an account');
      await page.fill('input[name=username]', username);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('form button.primary');

      await page.waitForSelector('input[name=code]');
      assert.equal(await page.textContent('h1'), 'Confirm your account');
      const mail = await catcher.next({ to: email, timeoutMs: 10_000 });
      assert.match(mail.subject + mail.text, /LJ Health Food/, 'the message carries the pool brand');
      const code = codeFrom(mail);
      gate.secrets.push(code);
      assert.equal(world.receiver.hits.length, 0, 'not signed in before confirming');
      if ((await page.inputValue('input[name=username]')) === '') {
        await page.fill('input[name=username]', username);
      }
      await page.fill('input[name=code]', code);
      await page.click('form button.primary');

      // Either the confirmation signs the person in at once, or the sign-in form asks for the password.
      await page
        .locator('#landed')
        .or(page.locator('h1', { hasText: /^Sign in$/ }))
        .waitFor({ timeout: 10_000 });
      if (!page.url().startsWith(world.receiver.base)) {
        await assertSignInPage(page, world.poolIssuer);
        await submitSignIn(page, username, password);
      }
      const landed = await landOn(page, world.receiver.base);
      const tokens = await finishLogin(world.confidentialConfig, landed, login);
      gate.secrets.push(tokens.access_token, tokens.refresh_token ?? '', tokens.id_token ?? '');
      const claims = tokens.claims();
      assert.equal(claims?.['cognito:username'], username);
      assert.equal(claims?.email, email);
      assert.equal(claims?.email_verified, true, 'the code reached the address');

      const user = await gate.server.gatehouse.poolUsers.findForSignIn(world.poolId, username);
      assert.equal(user?.user?.status, 'CONFIRMED');
      assert.equal(user?.user?.sub, claims?.sub);
    });

    test('a wrong code keeps the account unconfirmed', { skip }, async () => {
      const { page } = tab;
      await tab.context.clearCookies();
      const login = await startLogin(world.confidentialConfig, world.receiver.callback, 'openid');
      await page.goto(login.url.href);
      await page.click('a[href*="/signup"]');
      const other = `carol-${gate.backendName}`;
      await page.fill('input[name=username]', other);
      await page.fill('input[name=email]', `${other}@example.com`);
      await page.fill('input[name=password]', password);
      await page.click('form button.primary');
      await page.waitForSelector('input[name=code]');
      const code = codeFrom(await catcher.next({ to: `${other}@example.com`, timeoutMs: 10_000 }));
      gate.secrets.push(code);
      if ((await page.inputValue('input[name=username]')) === '')
        await page.fill('input[name=username]', other);
      await page.fill('input[name=code]', code === '000000' ? '111111' : '000000');
      await page.click('form button.primary');
      await page.waitForSelector('[role=alert]');
      assert.equal(await page.textContent('h1'), 'Confirm your account');
      const user = await gate.server.gatehouse.poolUsers.findForSignIn(world.poolId, other);
      assert.equal(user?.user?.status, 'UNCONFIRMED');
    });

    test('the hosted pages asked for nothing off this machine', { skip }, () => {
      assert.deepEqual(tab.refused, []);
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

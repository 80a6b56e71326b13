import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { codeFrom } from '../../support/mail-catcher.js';
import { Browser, formFields } from './browser.js';
import { CALLBACK, PASSWORD, PoolGate } from './harness.js';

eachBackend(
  'pool sign-up and password reset over HTTP',
  (name) => new PoolGate(name),
  (gate) => {
    test('sign-up → mailed code → confirm → sign-in returns to the app with a code', async () => {
      const { base, clientId } = await gate.pool({
        selfSignUp: true,
        requiredAttributes: ['email', 'given_name'],
      });
      const browser = new Browser();
      const start = await browser.get(
        `${base}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid', state: 'su' })}`,
      );
      const login = await browser.get(gate.server.url + start.location);
      const pending = formFields(login).pending ?? '';
      const signupPage = await browser.get(`${base}/signup?pending=${encodeURIComponent(pending)}`);
      assert.equal(signupPage.status, 200);
      assert.match(signupPage.text, /name="given_name"/);
      const missing = await browser.post(`${base}/signup`, {
        ...formFields(signupPage),
        username: 'newbie',
        email: 'newbie@example.com',
        password: PASSWORD,
      });
      assert.equal(missing.status, 400, 'a required attribute is missing');
      const weak = await browser.post(`${base}/signup`, {
        ...formFields(missing),
        username: 'newbie',
        email: 'newbie@example.com',
        given_name: 'New',
        password: 'password',
      });
      assert.equal(weak.status, 400);
      assert.match(weak.text, /at least 8 characters|common/);
      const created = await browser.post(`${base}/signup`, {
        ...formFields(weak),
        username: 'newbie',
        email: 'newbie@example.com',
        given_name: 'New',
        password: PASSWORD,
      });
      assert.equal(created.status, 200, created.text.slice(0, 300));
      assert.match(created.text, /Confirm your account/);
      const mail = await gate.mail.next({ to: 'newbie@example.com' });
      const code = codeFrom(mail);
      gate.secrets.push(code);

      const early = await browser.submit(`${base}/login`, `${base}/login`, {
        username: 'newbie',
        password: PASSWORD,
      });
      assert.match(
        early.text,
        /not confirmed yet/,
        'an unconfirmed user is sent to confirm, with a new code',
      );
      const second = codeFrom(await gate.mail.next({ to: 'newbie@example.com' }));
      gate.secrets.push(second);

      const wrong = await browser.post(`${base}/confirm`, {
        ...formFields(created),
        username: 'newbie',
        code: second === '000000' ? '111111' : '000000',
      });
      assert.equal(wrong.status, 400);
      const confirmed = await browser.post(`${base}/confirm`, {
        ...formFields(wrong),
        username: 'newbie',
        code: second,
      });
      assert.equal(confirmed.status, 200);
      assert.match(confirmed.text, /Your account is confirmed/);
      const signedIn = await browser.post(`${base}/login`, {
        ...formFields(confirmed),
        username: 'newbie',
        password: PASSWORD,
      });
      assert.equal(signedIn.status, 303);
      const back = new URL(signedIn.location ?? '');
      assert.equal(back.searchParams.get('state'), 'su');
      assert.ok(back.searchParams.get('code'));
      gate.secrets.push(back.searchParams.get('code') ?? '', ...browser.seen);
      const user = await gate.gatehouse.poolUsers.get(poolOf(base), 'newbie', CLI_ACTOR);
      assert.equal(user.status, 'CONFIRMED');
      assert.equal(user.emailVerified, true);
    });

    test('resending a code is throttled and answers the same for unknown names', async () => {
      const { base } = await gate.pool({ selfSignUp: true });
      const browser = new Browser();
      await browser.submit(`${base}/signup`, `${base}/signup`, {
        username: 'slow',
        email: 'slow@example.com',
        password: PASSWORD,
      });
      gate.secrets.push(codeFrom(await gate.mail.next({ to: 'slow@example.com' })));
      gate.clock.advance(61_000);
      const resend = (username: string) =>
        browser.submit(`${base}/confirm`, `${base}/confirm`, { username, action: 'resend' });
      const first = await resend('slow');
      const unknown = await resend('nobody-here');
      assert.equal(first.status, 200);
      assert.equal(unknown.status, 200);
      const notice = (t: string) => /<p class="notice"[^>]*>([^<]*)</.exec(t)?.[1];
      assert.equal(notice(first.text), notice(unknown.text));
      gate.secrets.push(codeFrom(await gate.mail.next({ to: 'slow@example.com' })));
      await resend('slow');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pendingMail = gate.mail.received.filter((m) => m.rcptTo.includes('slow@example.com'));
      assert.equal(pendingMail.length, 2, 'a resend within a minute sends nothing');
    });

    test('a pool that auto-confirms and signs in with email: sign-up signs the person in and returns to the app', async () => {
      const { base, clientId, poolId } = await gate.pool({
        selfSignUp: true,
        autoConfirm: true,
        signInWith: 'email',
      });
      const browser = new Browser();
      const start = await browser.get(
        `${base}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' })}`,
      );
      const login = await browser.get(gate.server.url + start.location);
      assert.match(login.text, /Email address/);
      const pending = formFields(login).pending ?? '';
      const created = await browser.submit(
        `${base}/signup?pending=${encodeURIComponent(pending)}`,
        `${base}/signup`,
        {
          email: 'Quick@Example.com',
          password: PASSWORD,
        },
      );
      assert.equal(created.status, 303, created.text.slice(0, 200));
      assert.ok(new URL(created.location ?? '').searchParams.get('code'));
      const user = await gate.gatehouse.poolUsers.get(poolId, 'Quick@Example.com', CLI_ACTOR);
      assert.equal(user.status, 'CONFIRMED');
      const again = await new Browser().submit(`${base}/login`, `${base}/login`, {
        username: 'quick@example.com',
        password: PASSWORD,
      });
      assert.match(again.text, /You are signed in/);
      gate.secrets.push(...browser.seen);
    });

    test('sign-up is refused where the pool does not allow it', async () => {
      const { base } = await gate.pool();
      const browser = new Browser();
      assert.equal((await browser.get(`${base}/signup`)).status, 403);
      const page = await browser.get(`${base}/login`);
      assert.ok(!page.text.includes('/signup'), 'no sign-up link');
    });

    test('forgot password answers the same either way; the reset ends every session', async () => {
      const { base, poolId } = await gate.pool();
      await gate.user(poolId, 'forgetful');
      const laptop = new Browser();
      const phone = new Browser();
      for (const device of [laptop, phone]) {
        const page = await device.submit(`${base}/login`, `${base}/login`, {
          username: 'forgetful',
          password: PASSWORD,
        });
        assert.match(page.text, /You are signed in/);
      }
      assert.equal((await gate.gatehouse.poolSessions.list(poolId, 'forgetful', CLI_ACTOR)).length, 2);

      const known = await laptop.submit(`${base}/forgot-password`, `${base}/forgot-password`, {
        username: 'forgetful',
      });
      const unknown = await laptop.submit(`${base}/forgot-password`, `${base}/forgot-password`, {
        username: 'ghost',
      });
      assert.equal(known.status, 200);
      assert.equal(unknown.status, 200);
      const strip = (t: string) => t.replace(/value="[^"]*"/g, '').replace(/nonce-[^']+|nonce="[^"]*"/g, '');
      assert.equal(strip(known.text), strip(unknown.text).replace(/ghost/g, 'forgetful'));
      const code = codeFrom(await gate.mail.next({ to: 'forgetful@example.com' }));
      gate.secrets.push(code);
      const fresh = 'a-completely-new-pass-31';
      gate.secrets.push(fresh);
      const wrong = await laptop.post(`${base}/reset-password`, {
        ...formFields(known),
        username: 'forgetful',
        code: code === '000000' ? '111111' : '000000',
        password: fresh,
      });
      assert.equal(wrong.status, 400);
      const done = await laptop.post(`${base}/reset-password`, {
        ...formFields(wrong),
        username: 'forgetful',
        code,
        password: fresh,
      });
      assert.equal(done.status, 200);
      assert.match(done.text, /Your password has been changed/);
      assert.equal((await gate.gatehouse.poolSessions.list(poolId, 'forgetful', CLI_ACTOR)).length, 0);
      const reused = await laptop.submit(`${base}/reset-password`, `${base}/reset-password`, {
        username: 'forgetful',
        code,
        password: 'yet-another-pass-99',
      });
      assert.equal(reused.status, 400, 'a reset code works once');
      const old = await phone.submit(`${base}/login`, `${base}/login`, {
        username: 'forgetful',
        password: PASSWORD,
      });
      assert.equal(old.status, 400);
      const next = await phone.submit(`${base}/login`, `${base}/login`, {
        username: 'forgetful',
        password: fresh,
      });
      assert.match(next.text, /You are signed in/);
      gate.secrets.push(...laptop.seen, ...phone.seen);
    });
  },
);

function poolOf(base: string): string {
  return new URL(base).pathname.split('/')[2] ?? '';
}

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { eachBackend } from '../../support/each-backend.js';
import { Browser, formFields } from './browser.js';
import { PASSWORD, PoolGate } from './harness.js';

const LOCKOUT = {
  GATEHOUSE_LOGIN_MAX_FAILURES: '3',
  GATEHOUSE_LOGIN_LOCK_SECONDS: '60',
  GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '8',
  GATEHOUSE_LOGIN_ADDRESS_LOCK_SECONDS: '60',
  GATEHOUSE_LOGIN_REFUSAL_DELAY_MS: '0',
};

eachBackend(
  'pool hosted sign-in over HTTP',
  (name) => new PoolGate(name, LOCKOUT),
  (gate) => {
    test('one message for an unknown user, a wrong password and a disabled account', async () => {
      const { base, poolId } = await gate.pool();
      await gate.user(poolId, 'ada');
      await gate.user(poolId, 'off');
      await gate.gatehouse.poolUsers.disable(poolId, 'off', CLI_ACTOR);
      const browser = new Browser();
      const answers = [];
      for (const [username, password] of [
        ['nobody', PASSWORD],
        ['ada', 'wrong-password-1'],
        ['off', PASSWORD],
      ] as const) {
        const answer = await browser.submit(`${base}/login`, `${base}/login`, { username, password });
        assert.equal(answer.status, 400);
        answers.push(answer.text.match(/<li>([^<]*)<\/li>/)?.[1]);
      }
      assert.equal(answers[0], 'Incorrect username or password.');
      assert.deepEqual(new Set(answers).size, 1);
      gate.clock.advance(3600_000);
    });

    test('repeated failures lock the user with 429 and Retry-After, even for the right password; the lock lifts', async () => {
      const { base, poolId } = await gate.pool();
      await gate.user(poolId, 'mallory-target');
      const browser = new Browser();
      const attempt = (password: string) =>
        browser.submit(`${base}/login`, `${base}/login`, { username: 'mallory-target', password });
      assert.equal((await attempt('wrong-1')).status, 400);
      assert.equal((await attempt('wrong-2')).status, 400);
      const third = await attempt('wrong-3');
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      assert.match(third.text, /Too many failed sign-in attempts/);
      const right = await attempt(PASSWORD);
      assert.equal(right.status, 429, 'a locked user is refused even with the right password');
      gate.clock.advance(61_000);
      const after = await attempt(PASSWORD);
      assert.equal(after.status, 200, 'signed in once the lock lifts');
      assert.match(after.text, /You are signed in/);
      const locked = await gate.gatehouse.db.all<{ key: string }>('SELECT * FROM sign_in_attempts');
      assert.ok(locked.some((row) => String(Object.values(row)[0]).startsWith(`pool:${poolId}:`)));
      gate.secrets.push(...browser.seen);
      gate.clock.advance(3600_000);
    });

    test('many failures from one address back off every name tried from it', async () => {
      const { base, poolId } = await gate.pool();
      await gate.user(poolId, 'victim');
      const browser = new Browser();
      let last;
      for (let i = 0; i < 8; i++) {
        last = await browser.submit(`${base}/login`, `${base}/login`, {
          username: `guess${i}`,
          password: 'nope-nope',
        });
      }
      assert.equal(last?.status, 429);
      const blocked = await browser.submit(`${base}/login`, `${base}/login`, {
        username: 'victim',
        password: PASSWORD,
      });
      assert.equal(blocked.status, 429);
      gate.clock.advance(3600_000);
    });

    test('a POST without a valid CSRF token is refused with 403 and changes nothing', async () => {
      const { base, poolId } = await gate.pool();
      await gate.user(poolId, 'csrf-user');
      const browser = new Browser();
      const page = await browser.get(`${base}/login`);
      const noToken = await browser.post(`${base}/login`, { username: 'csrf-user', password: PASSWORD });
      assert.equal(noToken.status, 403);
      const otherForm = await browser.get(`${base}/forgot-password`);
      const wrongPurpose = await browser.post(`${base}/login`, {
        ...formFields(otherForm),
        username: 'csrf-user',
        password: PASSWORD,
      });
      assert.equal(wrongPurpose.status, 403);
      const crossSite = await browser.post(
        `${base}/login`,
        { ...formFields(page), username: 'csrf-user', password: PASSWORD },
        { 'sec-fetch-site': 'cross-site' },
      );
      assert.equal(crossSite.status, 403);
      const stranger = new Browser();
      const noCookie = await stranger.post(`${base}/login`, {
        ...formFields(page),
        username: 'csrf-user',
        password: PASSWORD,
      });
      assert.equal(noCookie.status, 403);
      assert.equal([...browser.jar.keys()].filter((k) => k.startsWith('gh_pool_session')).length, 0);
    });

    test('FORCE_CHANGE_PASSWORD: the temporary password leads to the new-password page, once', async () => {
      const { base, poolId } = await gate.pool();
      await gate.user(poolId, 'temp', { temporary: true });
      const browser = new Browser();
      const challenged = await browser.submit(`${base}/login`, `${base}/login`, {
        username: 'temp',
        password: PASSWORD,
      });
      assert.equal(challenged.status, 200);
      assert.match(challenged.text, /Choose your password/);
      const fields = formFields(challenged);
      const weak = await browser.post(`${base}/new-password`, { ...fields, password: 'short' });
      assert.equal(weak.status, 400);
      assert.match(weak.text, /at least 8 characters/);
      const fresh = 'a-brand-new-secret-77';
      gate.secrets.push(fresh);
      const done = await browser.post(`${base}/new-password`, { ...formFields(weak), password: fresh });
      assert.equal(done.status, 200, done.text.slice(0, 300));
      assert.match(done.text, /You are signed in/);
      const user = await gate.gatehouse.poolUsers.get(poolId, 'temp', CLI_ACTOR);
      assert.equal(user.status, 'CONFIRMED');
      const replay = await browser.post(`${base}/new-password`, {
        ...formFields(weak),
        password: 'another-one-88x',
      });
      assert.equal(replay.status, 404, 'a challenge works once');
      const again = await new Browser().submit(`${base}/login`, `${base}/login`, {
        username: 'temp',
        password: fresh,
      });
      assert.match(again.text, /You are signed in/);
      gate.secrets.push(...browser.seen);
    });

    test('malformed forms: duplicated fields, oversized bodies, wrong types are 4xx pages', async () => {
      const { base } = await gate.pool();
      const browser = new Browser();
      const page = await browser.get(`${base}/login`);
      const dup = await browser.post(`${base}/login`, {
        ...formFields(page),
        username: ['a', 'b'],
        password: 'x',
      });
      assert.equal(dup.status, 400);
      const big = await browser.post(`${base}/login`, {
        ...formFields(page),
        username: 'a',
        password: 'x'.repeat(40_000),
      });
      assert.equal(big.status, 413);
      const json = await browser.send(`${base}/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.ok(json.status >= 400 && json.status < 500);
      const ctrl = await browser.post(`${base}/login`, {
        ...formFields(page),
        username: 'a\u0000b',
        password: 'x',
      });
      assert.equal(ctrl.status, 400);
      const unknown = await browser.get(`${gate.server.url}/pools/local_ZZZZZZZZZ/login`);
      assert.equal(unknown.status, 404);
      assert.equal((await browser.send(`${base}/login`, { method: 'PUT' })).status, 405);
    });
  },
);

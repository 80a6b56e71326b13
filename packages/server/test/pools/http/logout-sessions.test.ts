import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_ACTOR } from '../../../src/services/actor.js';
import { TokenService } from '../../../src/services/tokens.js';
import { eachBackend } from '../../support/each-backend.js';
import { Browser } from './browser.js';
import { CALLBACK, LOGOUT_URI, PASSWORD, PoolGate } from './harness.js';

async function signedIn(gate: PoolGate, base: string, username: string): Promise<Browser> {
  const browser = new Browser();
  const page = await browser.submit(`${base}/login`, `${base}/login`, { username, password: PASSWORD });
  assert.match(page.text, /You are signed in/);
  gate.secrets.push(...browser.seen);
  return browser;
}

async function silentCode(browser: Browser, base: string, clientId: string): Promise<URL> {
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
  });
  const answer = await browser.get(`${base}/oauth2/authorize?${query}`);
  assert.equal(answer.status, 302);
  return new URL(answer.location ?? '');
}

eachBackend(
  'pool logout and sessions over HTTP',
  (name) => new PoolGate(name),
  (gate) => {
    test("Cognito's /logout ends the session and returns only to a registered logout URI", async () => {
      const { base, clientId, poolId } = await gate.pool();
      await gate.user(poolId, 'ada');
      const browser = await signedIn(gate, base, 'ada');
      const evil = await browser.get(
        `${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent('https://evil.example.com/')}`,
      );
      assert.equal(evil.status, 400);
      assert.equal(evil.location, undefined);
      assert.equal(
        (await browser.get(`${base}/logout?logout_uri=${encodeURIComponent(LOGOUT_URI)}`)).status,
        400,
      );
      assert.ok((await silentCode(browser, base, clientId)).searchParams.get('code'), 'still signed in');
      const out = await browser.get(
        `${base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(LOGOUT_URI)}`,
      );
      assert.equal(out.status, 302);
      assert.equal(out.location, LOGOUT_URI);
      assert.equal(browser.jar.get(`gh_pool_session_${poolId}`), undefined, 'the cookie is cleared');
      assert.equal((await gate.gatehouse.poolSessions.list(poolId, 'ada', CLI_ACTOR)).length, 0);
      assert.equal((await silentCode(browser, base, clientId)).searchParams.get('error'), 'login_required');
    });

    test('end-session (GET and POST): id_token_hint, post_logout_redirect_uri with state, or the signed-out page', async () => {
      const { base, clientId, poolId } = await gate.pool();
      const user = await gate.user(poolId, 'grace');
      const server = gate.server;
      const tokens = new TokenService({
        db: server.gatehouse.db,
        runtime: server.runtime,
        clock: gate.clock,
        issuer: server.issuer,
      });
      const [alg] = [...server.runtime.keys.signers.keys()];
      assert.ok(alg);
      const now = Math.floor(gate.clock.now() / 1000);
      const claims = { iss: `${server.issuer}/pools/${poolId}`, sub: user.sub, iat: now, exp: now + 3600 };
      const { idToken } = await tokens.signPoolTokens(
        { alg, claims: { ...claims, token_use: 'access' } },
        { alg, claims: { ...claims, aud: clientId, token_use: 'id' } },
      );
      assert.ok(idToken);
      gate.secrets.push(idToken);

      const browser = await signedIn(gate, base, 'grace');
      const query = new URLSearchParams({
        id_token_hint: idToken,
        post_logout_redirect_uri: LOGOUT_URI,
        state: 'bye',
      });
      const out = await browser.get(`${base}/oauth2/logout?${query}`);
      assert.equal(out.status, 302);
      assert.equal(out.location, `${LOGOUT_URI}?state=bye`);
      assert.equal((await gate.gatehouse.poolSessions.list(poolId, 'grace', CLI_ACTOR)).length, 0);

      const again = await signedIn(gate, base, 'grace');
      const posted = await again.post(`${base}/oauth2/logout`, { client_id: clientId });
      assert.equal(posted.status, 200);
      assert.match(posted.text, /You have signed out/);
      assert.equal((await gate.gatehouse.poolSessions.list(poolId, 'grace', CLI_ACTOR)).length, 0);

      const unregistered = await again.get(
        `${base}/oauth2/logout?${new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: 'https://evil.example.com/' })}`,
      );
      assert.equal(unregistered.status, 400);
      assert.equal(unregistered.location, undefined);
      const forged = await again.get(`${base}/oauth2/logout?id_token_hint=${idToken.slice(0, -4)}AAAA`);
      assert.equal(forged.status, 400);
      const dup = await again.get(`${base}/oauth2/logout?state=a&state=b`);
      assert.equal(dup.status, 400);
    });

    test('a session ends when idle too long, and at its absolute end however active', async () => {
      const { base, clientId, poolId } = await gate.pool({
        sessions: { idleSeconds: 600, absoluteSeconds: 1800 },
      });
      await gate.user(poolId, 'idle');
      const browser = await signedIn(gate, base, 'idle');
      gate.clock.advance(599_000);
      assert.ok(
        (await silentCode(browser, base, clientId)).searchParams.get('code'),
        'active within the idle time',
      );
      gate.clock.advance(599_000);
      assert.ok((await silentCode(browser, base, clientId)).searchParams.get('code'));
      gate.clock.advance(599_000);
      assert.ok((await silentCode(browser, base, clientId)).searchParams.get('code'));
      gate.clock.advance(10_000);
      assert.equal(
        (await silentCode(browser, base, clientId)).searchParams.get('error'),
        'login_required',
        'past the absolute end',
      );
      const other = await signedIn(gate, base, 'idle');
      gate.clock.advance(601_000);
      assert.equal(
        (await silentCode(other, base, clientId)).searchParams.get('error'),
        'login_required',
        'idle too long',
      );
      await signedIn(gate, base, 'idle');
      assert.equal((await gate.gatehouse.poolSessions.list(poolId, 'idle', CLI_ACTOR)).length, 1);
      gate.clock.advance(1_800_000);
      await gate.gatehouse.poolSessions.purge();
      const left = await gate.gatehouse.poolSessions.list(poolId, 'idle', CLI_ACTOR);
      assert.equal(left.length, 0, 'housekeeping forgets sessions past their end');
    });

    test("an admin lists a user's sessions and revokes one; the browser holding it is signed out", async () => {
      const { base, clientId, poolId } = await gate.pool();
      await gate.user(poolId, 'listed');
      const first = await signedIn(gate, base, 'listed');
      gate.clock.advance(1000);
      const second = await signedIn(gate, base, 'listed');
      const sessions = await gate.gatehouse.poolSessions.list(poolId, 'listed', CLI_ACTOR);
      assert.equal(sessions.length, 2);
      const json = JSON.stringify(sessions);
      for (const value of [...first.jar.values(), ...second.jar.values()]) assert.ok(!json.includes(value));
      const newest = sessions[0];
      assert.ok(newest);
      assert.equal(newest.ip, '127.0.0.1');
      await gate.gatehouse.poolSessions.revoke(poolId, 'listed', newest.id, CLI_ACTOR);
      assert.equal((await silentCode(second, base, clientId)).searchParams.get('error'), 'login_required');
      assert.ok((await silentCode(first, base, clientId)).searchParams.get('code'));
      const audit = await gate.gatehouse.db.all<{ action: string }>(
        "SELECT action FROM audit_events WHERE action = 'pool_user.session_revoke'",
      );
      assert.equal(audit.length, 1);
    });
  },
);

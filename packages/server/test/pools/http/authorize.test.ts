import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { eachBackend } from '../../support/each-backend.js';
import { Browser, formFields } from './browser.js';
import { CALLBACK, PASSWORD, PoolGate } from './harness.js';

const sha256 = (v: string) => createHash('sha256').update(v).digest('base64url');

function authorizeUrl(base: string, params: Record<string, string>): string {
  return `${base}/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

eachBackend(
  'pool authorize endpoint over HTTP',
  (name) => new PoolGate(name),
  (gate) => {
    test('errors before the redirect URI is trusted are 400 pages, never redirects', async () => {
      const { base, clientId } = await gate.pool();
      const browser = new Browser();
      const cases: Record<string, string>[] = [
        {},
        { client_id: 'nosuchclient', redirect_uri: CALLBACK, response_type: 'code' },
        { client_id: clientId, redirect_uri: 'https://evil.example.com/cb', response_type: 'code' },
        { client_id: clientId, redirect_uri: `${CALLBACK}/`, response_type: 'code' },
        { client_id: clientId, response_type: 'code' },
      ];
      for (const params of cases) {
        const answer = await browser.get(authorizeUrl(base, params));
        assert.equal(answer.status, 400, JSON.stringify(params));
        assert.equal(answer.location, undefined);
        assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
        assert.ok(!answer.text.includes('evil.example.com'), 'the page repeats the untrusted URI');
      }
      // Duplicated client_id, oversized query: pages too.
      const dup = await browser.get(
        `${base}/oauth2/authorize?client_id=${clientId}&client_id=${clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}`,
      );
      assert.equal(dup.status, 400);
      const huge = await browser.post(`${base}/oauth2/authorize`, {
        client_id: clientId,
        redirect_uri: CALLBACK,
        state: 'x'.repeat(20_000),
      });
      assert.equal(huge.status, 413);
      assert.equal(huge.location, undefined);
      const wrongType = await browser.send(`${base}/oauth2/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"client_id":"x"}',
      });
      assert.equal(wrongType.status, 415);
      // A client of another pool is unknown here.
      const other = await gate.pool();
      const cross = await browser.get(
        authorizeUrl(base, { client_id: other.clientId, redirect_uri: CALLBACK, response_type: 'code' }),
      );
      assert.equal(cross.status, 400);
      // Unknown and malformed pools: 404 pages.
      assert.equal(
        (await browser.get(`${gate.server.url}/pools/local_NoSuchPool/oauth2/authorize`)).status,
        404,
      );
      assert.equal((await browser.get(`${gate.server.url}/pools/%E0%A4%A/oauth2/authorize`)).status, 404);
    });

    test('errors after the redirect URI is trusted go back to it with state and iss', async () => {
      const { base, clientId, poolId } = await gate.pool();
      const answer = await new Browser().get(
        authorizeUrl(base, {
          client_id: clientId,
          redirect_uri: CALLBACK,
          response_type: 'token',
          state: 's1',
        }),
      );
      assert.equal(answer.status, 302);
      const url = new URL(answer.location ?? '');
      assert.equal(url.origin + url.pathname, CALLBACK);
      assert.equal(url.searchParams.get('error'), 'unsupported_response_type');
      assert.equal(url.searchParams.get('state'), 's1');
      assert.equal(url.searchParams.get('iss'), `${gate.server.issuer}/pools/${poolId}`);
    });

    test('sign-in issues a code: the redirect carries code, state and iss, and the pool_auth_codes row matches', async () => {
      const { base, clientId, poolId } = await gate.pool();
      const user = await gate.user(poolId, 'ada');
      const browser = new Browser();
      const verifier = randomBytes(32).toString('base64url');
      const start = await browser.get(
        authorizeUrl(base, {
          client_id: clientId,
          redirect_uri: CALLBACK,
          response_type: 'code',
          scope: 'openid email',
          state: 'st-1',
          nonce: 'n-1',
          code_challenge: sha256(verifier),
          code_challenge_method: 'S256',
          login_hint: 'ada',
        }),
      );
      assert.equal(start.status, 302);
      assert.match(start.location ?? '', /^\/pools\/[^/]+\/login\?pending=/);
      const page = await browser.get(gate.server.url + start.location);
      assert.equal(page.status, 200);
      assert.match(page.text, /value="ada"/, 'login_hint prefills the name');
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /form-action 'self' https:\/\/shop\.example\.com/);
      const signedIn = await browser.post(`${base}/login`, {
        ...formFields(page),
        username: 'ada',
        password: PASSWORD,
      });
      assert.equal(signedIn.status, 303, signedIn.text.slice(0, 300));
      const back = new URL(signedIn.location ?? '');
      assert.equal(back.origin + back.pathname, CALLBACK);
      assert.equal(back.searchParams.get('state'), 'st-1');
      assert.equal(back.searchParams.get('iss'), `${gate.server.issuer}/pools/${poolId}`);
      const code = back.searchParams.get('code') ?? '';
      assert.match(code, /^[A-Za-z0-9_-]{43}$/);
      const session = browser.jar.get(`gh_pool_session_${poolId}`);
      assert.ok(session, 'a session cookie was set');
      const row = await gate.server.gatehouse.db.get<Record<string, unknown>>(
        'SELECT * FROM pool_auth_codes WHERE code_hash = ?',
        [sha256(code)],
      );
      assert.ok(row, 'the code is stored by its hash');
      assert.equal(row.client_id, clientId);
      assert.equal(row.pool_id, poolId);
      assert.equal(row.sub, user.sub);
      assert.equal(row.redirect_uri, CALLBACK);
      assert.equal(row.scope, 'openid email');
      assert.equal(row.nonce, 'n-1');
      assert.equal(row.code_challenge, sha256(verifier));
      assert.equal(row.code_challenge_method, 'S256');
      assert.equal(Number(row.auth_time), gate.clock.now());
      assert.equal(Number(row.expires_at), gate.clock.now() + 60_000);
      assert.equal(row.used_at, null);
      assert.equal(row.session_id_hash, sha256(session));
      gate.secrets.push(code, session, ...browser.seen);
    });

    test('prompt=none: login_required without a session, a code at once with one; max_age and prompt=login ask again', async () => {
      const { base, clientId, poolId } = await gate.pool();
      await gate.user(poolId, 'grace');
      const params = {
        client_id: clientId,
        redirect_uri: CALLBACK,
        response_type: 'code',
        scope: 'openid',
        state: 'z',
      };
      const browser = new Browser();
      const none = await browser.get(authorizeUrl(base, { ...params, prompt: 'none' }));
      assert.equal(none.status, 302);
      assert.equal(new URL(none.location ?? '').searchParams.get('error'), 'login_required');
      assert.equal(new URL(none.location ?? '').searchParams.get('state'), 'z');

      const start = await browser.get(authorizeUrl(base, params));
      const page = await browser.get(gate.server.url + start.location);
      const signedIn = await browser.post(`${base}/login`, {
        ...formFields(page),
        username: 'grace',
        password: PASSWORD,
      });
      assert.equal(signedIn.status, 303);

      const silent = await browser.get(authorizeUrl(base, { ...params, prompt: 'none' }));
      assert.equal(silent.status, 302);
      assert.ok(
        new URL(silent.location ?? '').searchParams.get('code'),
        'a session gives a code without a page',
      );

      gate.clock.advance(120_000);
      const fresh = await browser.get(authorizeUrl(base, { ...params, max_age: '60' }));
      assert.match(fresh.location ?? '', /\/login\?pending=/, 'a sign-in older than max_age asks again');
      const fine = await browser.get(authorizeUrl(base, { ...params, max_age: '600' }));
      assert.ok(new URL(fine.location ?? '').searchParams.get('code'));
      const tooOldSilent = await browser.get(
        authorizeUrl(base, { ...params, max_age: '60', prompt: 'none' }),
      );
      assert.equal(new URL(tooOldSilent.location ?? '').searchParams.get('error'), 'login_required');
      const login = await browser.get(authorizeUrl(base, { ...params, prompt: 'login' }));
      assert.match(login.location ?? '', /\/login\?pending=/);
      gate.secrets.push(...browser.seen);
    });

    test('a pending handle that was changed or has expired is refused with a page', async () => {
      const { base, clientId, poolId } = await gate.pool();
      await gate.user(poolId, 'linus');
      const browser = new Browser();
      const start = await browser.get(
        authorizeUrl(base, {
          client_id: clientId,
          redirect_uri: CALLBACK,
          response_type: 'code',
          scope: 'openid',
        }),
      );
      const pending = new URL(gate.server.url + start.location).searchParams.get('pending') ?? '';
      const [body = '', mac = ''] = pending.split('.');
      const forged = Buffer.from(
        Buffer.from(body, 'base64url').toString().replace(CALLBACK, 'https://evil.example.com/cb'),
      ).toString('base64url');
      const tampered = await browser.get(`${base}/login?pending=${encodeURIComponent(`${forged}.${mac}`)}`);
      assert.equal(tampered.status, 400);
      const page = await browser.get(gate.server.url + start.location);
      gate.clock.advance(31 * 60_000);
      const late = await browser.post(`${base}/login`, {
        ...formFields(page),
        username: 'linus',
        password: PASSWORD,
      });
      assert.equal(late.status, 400);
      assert.equal(late.location, undefined);
    });
  },
);

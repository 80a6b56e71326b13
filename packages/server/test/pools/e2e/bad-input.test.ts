// Acceptance: every pool endpoint and hosted page answers malformed input with a 4xx and a
// message, never a 5xx, and nothing it was sent (passwords, codes, tokens, cookies) reaches a
// log line. One sweep over the whole people side of a real server, on both stores.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachBackend, send, type WireAnswer } from '../../oauth/harness.js';
import { createHostedWorld, type HostedWorld } from './world.js';

/** Values a log line must never carry; each is sent somewhere below. */
const PASSWORD = 'Never-Logged-Password-8d1f';
const TOKEN = 'never-logged-token-3b9e0c7a5d2f4e6a8b1c9d0e2f3a4b5c';
const COOKIE = 'never-logged-cookie-5c7e9a1b3d';
const CODE = '493817';

const FORM = 'application/x-www-form-urlencoded';
const PAGES = ['login', 'signup', 'confirm', 'forgot-password', 'reset-password', 'new-password'];

interface Probe {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Some answers may be pages (200) or redirects; a 5xx never is. */
  expect: '4xx' | 'not-5xx';
}

function probes(world: HostedWorld): Probe[] {
  const p = `/pools/${world.poolId}`;
  const client = world.confidential.clientId;
  const list: Probe[] = [
    {
      name: 'unknown pool, token',
      method: 'POST',
      path: '/pools/local_Nope12345/oauth2/token',
      body: 'grant_type=authorization_code',
      headers: { 'content-type': FORM },
      expect: '4xx',
    },
    { name: 'unknown pool, page', method: 'GET', path: '/pools/local_Nope12345/login', expect: '4xx' },
    {
      name: 'malformed pool id',
      method: 'GET',
      path: '/pools/%E0%A4%A/.well-known/openid-configuration',
      expect: '4xx',
    },
    { name: 'authorize, nothing', method: 'GET', path: `${p}/oauth2/authorize`, expect: '4xx' },
    {
      name: 'authorize, bad percent-encoding',
      method: 'GET',
      path: `${p}/oauth2/authorize?client_id=%ZZ&response_type=code`,
      expect: '4xx',
    },
    {
      name: 'authorize, unknown client',
      method: 'GET',
      path: `${p}/oauth2/authorize?client_id=x&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb`,
      expect: '4xx',
    },
    {
      name: 'authorize, repeated client_id',
      method: 'GET',
      path: `${p}/oauth2/authorize?client_id=${client}&client_id=${client}&response_type=code`,
      expect: '4xx',
    },
    {
      name: 'authorize, unregistered redirect',
      method: 'GET',
      path: `${p}/oauth2/authorize?client_id=${client}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
      expect: '4xx',
    },
    {
      name: 'authorize, 20 kB query',
      method: 'GET',
      path: `${p}/oauth2/authorize?client_id=${'a'.repeat(20_000)}`,
      expect: '4xx',
    },
    {
      name: 'token, empty',
      method: 'POST',
      path: `${p}/oauth2/token`,
      body: '',
      headers: { 'content-type': FORM },
      expect: '4xx',
    },
    {
      name: 'token, JSON body',
      method: 'POST',
      path: `${p}/oauth2/token`,
      body: '{"grant_type":"refresh_token"}',
      headers: { 'content-type': 'application/json' },
      expect: '4xx',
    },
    {
      name: 'token, unknown grant',
      method: 'POST',
      path: `${p}/oauth2/token`,
      body: `grant_type=password&client_id=${client}&password=${PASSWORD}`,
      headers: { 'content-type': FORM },
      expect: '4xx',
    },
    {
      name: 'token, broken Basic',
      method: 'POST',
      path: `${p}/oauth2/token`,
      body: `grant_type=refresh_token&refresh_token=${TOKEN}`,
      headers: { 'content-type': FORM, authorization: 'Basic %%%' },
      expect: '4xx',
    },
    {
      name: 'token, bad code',
      method: 'POST',
      path: `${p}/oauth2/token`,
      body: `grant_type=authorization_code&code=${TOKEN}&redirect_uri=x&client_id=${world.publicClientId}&code_verifier=${'v'.repeat(43)}`,
      headers: { 'content-type': FORM },
      expect: '4xx',
    },
    {
      name: 'token, 1 MB body',
      method: 'POST',
      path: `${p}/oauth2/token`,
      body: `grant_type=${'x'.repeat(1_000_000)}`,
      headers: { 'content-type': FORM },
      expect: '4xx',
    },
    { name: 'token, GET', method: 'GET', path: `${p}/oauth2/token`, expect: '4xx' },
    { name: 'userinfo, no token', method: 'GET', path: `${p}/oauth2/userInfo`, expect: '4xx' },
    {
      name: 'userinfo, garbage token',
      method: 'GET',
      path: `${p}/oauth2/userinfo`,
      headers: { authorization: `Bearer ${TOKEN}` },
      expect: '4xx',
    },
    {
      name: 'userinfo, JWT-shaped garbage',
      method: 'POST',
      path: `${p}/oauth2/userInfo`,
      headers: { authorization: 'Bearer e30.e30.e30' },
      expect: '4xx',
    },
    {
      name: 'revoke, nothing',
      method: 'POST',
      path: `${p}/oauth2/revoke`,
      body: '',
      headers: { 'content-type': FORM },
      expect: '4xx',
    },
    {
      name: 'end-session, garbage hint',
      method: 'GET',
      path: `${p}/oauth2/logout?id_token_hint=${TOKEN}&post_logout_redirect_uri=x`,
      expect: '4xx',
    },
    { name: 'cognito logout, nothing', method: 'GET', path: `${p}/logout`, expect: '4xx' },
    {
      name: 'cognito logout, unknown client',
      method: 'GET',
      path: `${p}/logout?client_id=nope&logout_uri=${encodeURIComponent(world.receiver.signedOut)}`,
      expect: '4xx',
    },
  ];
  for (const page of PAGES) {
    list.push(
      {
        name: `${page}, forged pending`,
        method: 'GET',
        path: `${p}/${page}?pending=${TOKEN}`,
        expect: 'not-5xx',
      },
      {
        name: `${page}, post without CSRF`,
        method: 'POST',
        path: `${p}/${page}`,
        body: `username=alice&password=${PASSWORD}&code=${CODE}`,
        headers: { 'content-type': FORM, cookie: `gh_pool_session=${COOKIE}` },
        expect: '4xx',
      },
      {
        name: `${page}, post as JSON`,
        method: 'POST',
        path: `${p}/${page}`,
        body: `{"password":"${PASSWORD}"}`,
        headers: { 'content-type': 'application/json' },
        expect: '4xx',
      },
      {
        name: `${page}, post 1 MB`,
        method: 'POST',
        path: `${p}/${page}`,
        body: `username=${'u'.repeat(1_000_000)}`,
        headers: { 'content-type': FORM },
        expect: '4xx',
      },
      {
        name: `${page}, bad encoding`,
        method: 'POST',
        path: `${p}/${page}`,
        body: 'username=%E0%A4%A&password=%ZZ',
        headers: { 'content-type': FORM },
        expect: '4xx',
      },
    );
  }
  return list;
}

describeEachBackend(
  'pool endpoints and hosted pages refuse malformed input with a 4xx',
  (gate) => {
    let world: HostedWorld;
    before(async () => {
      world = await createHostedWorld(gate);
      gate.secrets.push(PASSWORD, TOKEN, COOKIE);
    });
    after(() => world?.receiver.close());

    test('no probe gets a 5xx; the malformed ones get a 4xx with something to read', async () => {
      const wrong: string[] = [];
      for (const probe of probes(world)) {
        let answer: WireAnswer;
        try {
          answer = await send(`${gate.server.url}${probe.path}`, {
            method: probe.method,
            headers: probe.headers ?? {},
            redirect: 'manual',
            ...(probe.body === undefined ? {} : { body: probe.body }),
          });
        } catch (error) {
          // A server that cuts a huge upload short has answered it; anything else is a failure.
          if (probe.name.endsWith('1 MB')) continue;
          wrong.push(`${probe.name}: ${(error as Error).message}`);
          continue;
        }
        const bad =
          answer.status >= 500 || (probe.expect === '4xx' && (answer.status < 400 || answer.status > 499));
        if (bad) wrong.push(`${probe.name}: ${answer.status} ${answer.text.slice(0, 120)}`);
        else if (answer.status >= 400 && answer.text.trim() === '' && probe.method !== 'GET')
          wrong.push(`${probe.name}: ${answer.status} with an empty body`);
        // A refusal never redirects anywhere a request named.
        const location = answer.headers.get('location') ?? '';
        if (answer.status >= 400 && location !== '')
          wrong.push(`${probe.name}: ${answer.status} redirects to ${location}`);
        assert.ok(!/evil\.example/.test(location), `${probe.name}: open redirect to ${location}`);
      }
      assert.deepEqual(wrong, []);
    });

    test('nothing sent above appears in any log line, at any level', () => {
      const text = JSON.stringify(gate.logs);
      for (const value of [PASSWORD, TOKEN, COOKIE, `code=${CODE}`]) {
        assert.ok(!text.includes(value), `${value.slice(0, 12)}… was logged`);
      }
    });
  },
  { startAt: Date.now() },
);

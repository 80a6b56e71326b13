import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  OidcRelyingParty,
  type OidcSettings,
  parseSsoSettings,
  SsoError,
  type SsoErrorCode,
} from '../../src/upstream-login/index.js';
import { startTestIdp, type TestIdp, type TestIdpUser } from '../support/test-idp.js';
import { Browser, signIn } from './browser.js';

const GATEHOUSE = 'http://127.0.0.1:4455';
const REDIRECT_URI = `${GATEHOUSE}/api/v1/auth/sso/callback`;
const CLIENT_ID = 'gatehouse-portal';
// Characters that RFC 6749 §2.3.1 form-encoding must carry through client_secret_basic intact.
const CLIENT_SECRET = 'Zx9+q/w:8 %Tt~Lr-M0-Qn_VtSs8Yy5aP4cF2gH7jK1';
const USERS: TestIdpUser[] = [
  {
    sub: 'alice',
    email: 'alice@example.com',
    name: 'Alice Example',
    groups: ['platform-admins', 'orders-eng'],
  },
  { sub: 'bob', email: 'bob@example.com', name: 'Bob Example', groups: [] },
];

function settingsFor(issuer: string, env: Record<string, string> = {}): OidcSettings {
  const settings = parseSsoSettings(
    {
      GATEHOUSE_SSO_ISSUER: issuer,
      GATEHOUSE_SSO_CLIENT_ID: CLIENT_ID,
      GATEHOUSE_SSO_CLIENT_SECRET: CLIENT_SECRET,
      GATEHOUSE_SSO_SCOPES: 'openid email profile groups',
      ...env,
    },
    GATEHOUSE,
  );
  assert.ok(settings);
  return settings;
}

/** Asserts `promise` rejects with an SsoError of `code` whose message and cause leak none of `secrets`. */
async function rejectsWith(
  promise: Promise<unknown>,
  code: SsoErrorCode,
  secrets: string[] = [],
): Promise<SsoError> {
  const err = await promise.then(
    () => assert.fail(`expected SsoError ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SsoError, `expected SsoError, got ${String(err)}`);
  assert.equal(err.code, code, `${err.message} / ${String(err.cause)}`);
  const text = `${err.message} ${String(err.cause)} ${String((err.cause as Error | undefined)?.cause)}`;
  for (const secret of [CLIENT_SECRET, ...secrets])
    assert.ok(!text.includes(secret), 'no secret in the error');
  return err;
}

describe('single sign-on against a real OpenID provider', () => {
  let idp: TestIdp;
  let settings: OidcSettings;
  let rp: OidcRelyingParty;

  before(async () => {
    idp = await startTestIdp({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [REDIRECT_URI],
      users: USERS,
    });
    settings = settingsFor(idp.issuer);
    rp = await OidcRelyingParty.discover(settings);
  });
  after(() => idp.close());

  async function callback(party: OidcRelyingParty, sub: string | null, returnTo = '/') {
    const { url, pending } = party.begin(returnTo);
    const query = await signIn(new Browser(), url, REDIRECT_URI, sub);
    return { url, pending, query };
  }

  test('a person signs in: the identity carries sub, email, name and groups', async () => {
    const requested: string[] = [];
    const spy: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    };
    const rp = await OidcRelyingParty.discover(settings, { fetch: spy });
    const { pending, query } = await callback(rp, 'alice', '/teams/orders');
    assert.equal(pending.returnTo, '/teams/orders');
    assert.equal(query.get('iss'), idp.issuer);
    const identity = await rp.complete(query, pending);
    assert.equal(identity.subject, 'alice');
    assert.equal(identity.issuer, idp.issuer);
    assert.equal(identity.email, 'alice@example.com');
    assert.equal(identity.emailVerified, true);
    assert.equal(identity.name, 'Alice Example');
    assert.deepEqual(identity.groups, ['platform-admins', 'orders-eng']);
    assert.equal(identity.claims.aud, CLIENT_ID);
    assert.ok(!requested.includes(String(rp.metadata.userinfoEndpoint)), 'the ID token had it all');
  });

  test('a person in no group signs in with no groups', async () => {
    const { pending, query } = await callback(rp, 'bob');
    const identity = await rp.complete(query, pending);
    assert.equal(identity.subject, 'bob');
    assert.deepEqual(identity.groups, []);
  });

  test('the authorization URL asks for the code flow with PKCE S256, state and nonce', () => {
    const { url, pending } = rp.begin('/');
    const params = new URL(url).searchParams;
    assert.ok(url.startsWith(`${idp.issuer}/`));
    assert.equal(params.get('response_type'), 'code');
    assert.equal(params.get('client_id'), CLIENT_ID);
    assert.equal(params.get('redirect_uri'), REDIRECT_URI);
    assert.equal(params.get('scope'), 'openid email profile groups');
    assert.equal(params.get('state'), pending.state);
    assert.equal(params.get('nonce'), pending.nonce);
    assert.equal(params.get('code_challenge_method'), 'S256');
    const challenge = createHash('sha256').update(pending.codeVerifier).digest('base64url');
    assert.equal(params.get('code_challenge'), challenge);
    assert.ok(!url.includes(pending.codeVerifier), 'the verifier never leaves Gatehouse');
    for (const value of [pending.state, pending.nonce, pending.codeVerifier]) {
      assert.match(value, /^[A-Za-z0-9_-]{43,}$/, 'at least 256 bits, base64url');
    }
    const again = rp.begin('/').pending;
    assert.notEqual(again.state, pending.state);
    assert.notEqual(again.nonce, pending.nonce);
    assert.notEqual(again.codeVerifier, pending.codeVerifier);
  });

  test('returnTo keeps same-site paths only', () => {
    assert.equal(rp.begin('/teams?tab=members#top').pending.returnTo, '/teams?tab=members#top');
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'teams',
      '',
    ]) {
      assert.equal(rp.begin(bad).pending.returnTo, '/', JSON.stringify(bad));
    }
  });

  test('a callback whose state is not the pending one: state_mismatch', async () => {
    const { pending, query } = await callback(rp, 'alice');
    const other = rp.begin('/').pending;
    await rejectsWith(rp.complete(query, { ...pending, state: other.state }), 'state_mismatch');
    const noState = new URLSearchParams(query);
    noState.delete('state');
    await rejectsWith(rp.complete(noState, pending), 'state_mismatch');
  });

  test('a pending login older than ten minutes: login_expired', async () => {
    let now = Date.now();
    const clocked = await OidcRelyingParty.discover(settings, { now: () => now });
    const { pending, query } = await callback(clocked, 'alice');
    now += 10 * 60 * 1000 + 1000;
    await rejectsWith(clocked.complete(query, pending), 'login_expired');
  });

  test('the person cancels at the provider: idp_error with the provider error', async () => {
    const { pending, query } = await callback(rp, null);
    assert.equal(query.get('error'), 'access_denied');
    const err = await rejectsWith(rp.complete(query, pending), 'idp_error');
    assert.match(err.message, /access_denied/);
    assert.match(err.message, /cancelled/);
  });

  test('a tampered code: token_exchange_failed', async () => {
    const { pending, query } = await callback(rp, 'alice');
    const code = query.get('code') ?? '';
    const tampered = new URLSearchParams(query);
    // A code that already ends in "xx" (1 in 4,096) must still change.
    tampered.set('code', `${code.slice(0, -2)}${code.endsWith('xx') ? 'yy' : 'xx'}`);
    const err = await rejectsWith(rp.complete(tampered, pending), 'token_exchange_failed', [code]);
    assert.match(String(err.cause), /invalid_grant/);
  });

  test('a code is redeemed once: replaying the callback fails', async () => {
    const { pending, query } = await callback(rp, 'alice');
    await rp.complete(query, pending);
    await rejectsWith(rp.complete(query, pending), 'token_exchange_failed', [query.get('code') ?? '']);
  });

  test('a pending login with another verifier: token_exchange_failed (PKCE)', async () => {
    const { pending, query } = await callback(rp, 'alice');
    const other = rp.begin('/').pending;
    await rejectsWith(
      rp.complete(query, { ...pending, codeVerifier: other.codeVerifier }),
      'token_exchange_failed',
    );
  });

  test('a pending login with another nonce: id_token_invalid', async () => {
    const { pending, query } = await callback(rp, 'alice');
    const other = rp.begin('/').pending;
    const err = await rejectsWith(rp.complete(query, { ...pending, nonce: other.nonce }), 'id_token_invalid');
    assert.match(String(err.cause), /nonce/);
  });

  test('a wrong client secret: token_exchange_failed', async () => {
    const wrong = await OidcRelyingParty.discover({ ...settings, clientSecret: `${CLIENT_SECRET}-wrong` });
    const { pending, query } = await callback(wrong, 'alice');
    const err = await rejectsWith(wrong.complete(query, pending), 'token_exchange_failed', [
      `${CLIENT_SECRET}-wrong`,
    ]);
    assert.match(String(err.cause), /401.*invalid_client/);
  });

  test('an unknown user stays on the login page', async () => {
    const { url } = rp.begin('/');
    await assert.rejects(signIn(new Browser(), url, REDIRECT_URI, 'mallory'), /401: .*Unknown user/s);
  });

  test('discovery: an issuer that differs from the configured one by a trailing slash', async () => {
    await rejectsWith(
      OidcRelyingParty.discover({ ...settings, issuer: `${idp.issuer}/` }),
      'discovery_failed',
    );
  });
});

describe('single sign-on when the provider keeps the profile in UserInfo', () => {
  let idp: TestIdp;

  before(async () => {
    idp = await startTestIdp({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [REDIRECT_URI],
      users: USERS,
      claimsInIdToken: false,
    });
  });
  after(() => idp.close());

  test('email, name and groups come from UserInfo', async () => {
    const requested: string[] = [];
    const spy: typeof fetch = (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    };
    const rp = await OidcRelyingParty.discover(settingsFor(idp.issuer), { fetch: spy });
    const userinfo = rp.metadata.userinfoEndpoint;
    assert.ok(userinfo);
    const { url, pending } = rp.begin('/');
    const query = await signIn(new Browser(), url, REDIRECT_URI, 'alice');
    const identity = await rp.complete(query, pending);
    assert.equal(identity.subject, 'alice');
    assert.equal(identity.email, 'alice@example.com');
    assert.equal(identity.name, 'Alice Example');
    assert.deepEqual(identity.groups, ['platform-admins', 'orders-eng']);
    assert.ok(requested.includes(userinfo), 'UserInfo was asked');
  });
});

describe('discovery of a provider that names another issuer', () => {
  const server = createServer((req, res) => {
    const self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        issuer: 'https://elsewhere.example.com',
        authorization_endpoint: `${self}/authorize`,
        token_endpoint: `${self}/token`,
        jwks_uri: `${self}/jwks`,
      }),
    );
  });
  let issuer: string;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('discovery_failed, and the cause names both issuers', async () => {
    const err = await rejectsWith(OidcRelyingParty.discover(settingsFor(issuer)), 'discovery_failed');
    assert.match(String(err.cause), /elsewhere\.example\.com/);
    assert.ok(String(err.cause).includes(issuer));
  });

  test('a provider that does not answer: discovery_failed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await rejectsWith(OidcRelyingParty.discover(settingsFor(`http://127.0.0.1:${port}`)), 'discovery_failed');
  });
});

import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  OidcRelyingParty,
  type OidcSettings,
  SsoError,
  type SsoErrorCode,
} from '../../src/upstream-login/index.js';
import { ecKey, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_ISSUER, FakeProvider } from './fake-provider.js';

const START = Date.parse('2026-03-01T09:00:00Z');

const SETTINGS: OidcSettings = {
  issuer: FAKE_ISSUER,
  clientId: FAKE_CLIENT_ID,
  clientSecret: FAKE_CLIENT_SECRET,
  redirectUri: 'https://gatehouse.example.com/api/v1/auth/sso/callback',
  scopes: ['openid', 'email', 'profile'],
  label: 'Single sign-on',
  groupsClaim: 'groups',
  allowedGroups: [],
  adminGroups: [],
  teamGroups: [],
  localLogin: true,
};

/** A relying party over a fake provider, with a clock the test moves. */
async function setUp(settings: Partial<OidcSettings> = {}, provider = new FakeProvider()) {
  const clock = { now: START };
  const rp = await OidcRelyingParty.discover(
    { ...SETTINGS, ...settings },
    { fetch: provider.fetch, now: () => clock.now },
  );
  /** Runs begin() and complete() with whatever the provider's token endpoint says. */
  const login = async (idToken: (nonce: string) => string) => {
    const { pending } = rp.begin('/');
    provider.answerWith(idToken(pending.nonce));
    return rp.complete(new URLSearchParams({ code: 'the-code', state: pending.state }), pending);
  };
  return { rp, provider, clock, login };
}

async function rejectsWith(promise: Promise<unknown>, code: SsoErrorCode, cause?: RegExp): Promise<void> {
  const err = await promise.then(
    () => assert.fail(`expected SsoError ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SsoError, String(err));
  assert.equal(err.code, code, String(err.cause));
  if (cause) assert.match(String(err.cause), cause);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('ID token validation (OpenID Connect Core 1.0 §3.1.3.7)', () => {
  test('a valid ID token gives the identity; the code exchange is exact', async () => {
    const { provider, clock, login } = await setUp();
    const identity = await login((nonce) => provider.sign(provider.claims(nonce, clock.now)));
    assert.equal(identity.subject, 'user-1');
    assert.equal(identity.email, 'user@example.com');
    assert.deepEqual(identity.groups, ['eng']);
    const [request] = provider.tokenRequests;
    assert.ok(request);
    const expected = Buffer.from(`${FAKE_CLIENT_ID}:${FAKE_CLIENT_SECRET}`).toString('base64');
    assert.equal(request.authorization, `Basic ${expected}`);
    assert.equal(request.form.get('grant_type'), 'authorization_code');
    assert.equal(request.form.get('code'), 'the-code');
    assert.equal(request.form.get('redirect_uri'), SETTINGS.redirectUri);
    assert.match(request.form.get('code_verifier') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(request.form.get('client_secret'), null, 'the secret travels in the header only');
    assert.equal(provider.count('/userinfo'), 0);
  });

  test('client_secret_basic form-encodes the client id and secret (RFC 6749 §2.3.1)', async () => {
    const { provider, clock, login } = await setUp({ clientId: 'app:1', clientSecret: 'a b+c%d/é' });
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now))),
      'id_token_invalid',
      /aud/,
    );
    const sent = provider.tokenRequests[0]?.authorization ?? '';
    assert.equal(
      Buffer.from(sent.replace(/^Basic /, ''), 'base64').toString(),
      'app%3A1:a+b%2Bc%25d%2F%C3%A9',
    );
  });

  test('alg none is rejected', async () => {
    const { provider, clock, login } = await setUp();
    await rejectsWith(
      login((nonce) => `${b64({ alg: 'none' })}.${b64(provider.claims(nonce, clock.now))}.AAAA`),
      'id_token_invalid',
      /none/,
    );
  });

  test('HS256 is rejected, even keyed with what the provider publishes', async () => {
    const { provider, clock, login } = await setUp();
    await rejectsWith(
      login((nonce) => {
        const input = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64(provider.claims(nonce, clock.now))}`;
        const mac = createHmac('sha256', JSON.stringify(provider.jwks)).update(input).digest('base64url');
        return `${input}.${mac}`;
      }),
      'id_token_invalid',
      /HS256/,
    );
  });

  test('an algorithm the provider does not advertise is rejected', async () => {
    const provider = new FakeProvider();
    provider.metadata.id_token_signing_alg_values_supported = ['RS256'];
    const { clock, login } = await setUp({}, provider);
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now))),
      'id_token_invalid',
      /ES256/,
    );
  });

  test('a signature by a key the provider does not publish is rejected', async () => {
    const { provider, clock, login } = await setUp();
    const impostor = ecKey('k1');
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now), impostor)),
      'id_token_invalid',
      /signature/,
    );
  });

  test('a changed payload breaks the signature', async () => {
    const { provider, clock, login } = await setUp();
    await rejectsWith(
      login((nonce) => {
        const [header, , signature] = provider.sign(provider.claims(nonce, clock.now)).split('.');
        return `${header}.${b64(provider.claims(nonce, clock.now, { sub: 'admin' }))}.${signature}`;
      }),
      'id_token_invalid',
      /signature/,
    );
  });

  const claimCases: [string, (now: number) => Record<string, unknown>, RegExp][] = [
    ['iss of another provider', () => ({ iss: 'https://other.example.test' }), /iss/],
    ['iss with a trailing slash', () => ({ iss: `${FAKE_ISSUER}/` }), /iss/],
    ['aud of another client', () => ({ aud: 'someone-else' }), /aud/],
    ['several audiences and no azp', () => ({ aud: [FAKE_CLIENT_ID, 'other'] }), /azp/],
    ['azp of another client', () => ({ aud: [FAKE_CLIENT_ID, 'other'], azp: 'other' }), /azp/],
    ['no sub', () => ({ sub: undefined }), /sub/],
    ['expired beyond the 60 s leeway', (now) => ({ exp: Math.floor(now / 1000) - 61 }), /expired/],
    ['no exp', () => ({ exp: undefined }), /exp/],
    ['issued over 60 s in the future', (now) => ({ iat: Math.floor(now / 1000) + 120 }), /future/],
    ['no iat', () => ({ iat: undefined }), /iat/],
    ['no nonce', () => ({ nonce: undefined }), /nonce/],
    ['another nonce', () => ({ nonce: 'another-nonce' }), /nonce/],
  ];
  for (const [name, overrides, cause] of claimCases) {
    test(`rejected: ${name}`, async () => {
      const { provider, clock, login } = await setUp();
      await rejectsWith(
        login((nonce) => provider.sign(provider.claims(nonce, clock.now, overrides(clock.now)))),
        'id_token_invalid',
        cause,
      );
    });
  }

  test('accepted: several audiences with our azp; expired within the leeway; iat slightly ahead', async () => {
    const { provider, clock, login } = await setUp();
    const now = Math.floor(clock.now / 1000);
    for (const overrides of [
      { aud: [FAKE_CLIENT_ID, 'other'], azp: FAKE_CLIENT_ID },
      { exp: now - 30 },
      { iat: now + 30 },
    ]) {
      const identity = await login((nonce) => provider.sign(provider.claims(nonce, clock.now, overrides)));
      assert.equal(identity.subject, 'user-1');
    }
  });
});

describe('the provider JWKS', () => {
  test('fetched once, on first use, and kept', async () => {
    const { provider, clock, login } = await setUp();
    assert.equal(provider.count('/jwks'), 0, 'not at discovery');
    await login((nonce) => provider.sign(provider.claims(nonce, clock.now)));
    await login((nonce) => provider.sign(provider.claims(nonce, clock.now)));
    assert.equal(provider.count('/jwks'), 1);
  });

  test('an unknown kid refetches at most once per 30 s, so rotation works', async () => {
    const { provider, clock, login } = await setUp();
    await login((nonce) => provider.sign(provider.claims(nonce, clock.now)));
    const rotated = ecKey('k2');
    provider.jwks = { keys: [provider.key.publicJwk, rotated.publicJwk] };

    clock.now += 10_000;
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now), rotated)),
      'id_token_invalid',
      /k2/,
    );
    assert.equal(provider.count('/jwks'), 1, 'no refetch within 30 s of the last');

    clock.now += 21_000;
    const identity = await login((nonce) => provider.sign(provider.claims(nonce, clock.now), rotated));
    assert.equal(identity.subject, 'user-1');
    assert.equal(provider.count('/jwks'), 2);

    clock.now += 1_000;
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now), ecKey('k3'))),
      'id_token_invalid',
    );
    assert.equal(provider.count('/jwks'), 2);
  });

  test('encryption, symmetric and unknown keys beside the signing key are skipped', async () => {
    const provider = new FakeProvider();
    provider.jwks = {
      keys: [
        { kty: 'RSA', use: 'enc', alg: 'RSA-OAEP', kid: 'enc', n: 'AQAB', e: 'AQAB' },
        { kty: 'oct', kid: 'sym', k: 'c2VjcmV0' },
        { kty: 'XYZ', kid: 'odd' },
        provider.key.publicJwk,
      ],
    };
    const { clock, login } = await setUp({}, provider);
    const identity = await login((nonce) => provider.sign(provider.claims(nonce, clock.now)));
    assert.equal(identity.subject, 'user-1');
  });

  test('a JWKS that cannot be fetched: id_token_invalid', async () => {
    const provider = new FakeProvider();
    provider.metadata.jwks_uri = `${FAKE_ISSUER}/missing-jwks`;
    const { clock, login } = await setUp({}, provider);
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now))),
      'id_token_invalid',
      /keys/,
    );
  });

  test('a JWKS that failed is not asked again on every sign-in, only after 30 s', async () => {
    const provider = new FakeProvider();
    provider.metadata.jwks_uri = `${FAKE_ISSUER}/missing-jwks`;
    const { clock, login } = await setUp({}, provider);
    for (let i = 0; i < 5; i++) {
      await rejectsWith(
        login((nonce) => provider.sign(provider.claims(nonce, clock.now))),
        'id_token_invalid',
        /keys/,
      );
    }
    assert.equal(provider.count('/missing-jwks'), 1);
    clock.now += 31_000;
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now))),
      'id_token_invalid',
      /keys/,
    );
    assert.equal(provider.count('/missing-jwks'), 2);
  });
});

describe('UserInfo', () => {
  test('asked with the access token when the ID token lacks the profile, and merged in', async () => {
    const { provider, clock, login } = await setUp();
    provider.userinfo = {
      sub: 'user-1',
      email: 'u1@example.com',
      name: 'U. One',
      groups: ['ops'],
      sub_extra: 1,
    };
    const identity = await login((nonce) =>
      provider.sign(
        provider.claims(nonce, clock.now, { email: undefined, name: undefined, groups: undefined }),
      ),
    );
    assert.deepEqual(provider.userinfoAuthorizations, ['Bearer fake-access-token']);
    assert.equal(identity.email, 'u1@example.com');
    assert.equal(identity.name, 'U. One');
    assert.deepEqual(identity.groups, ['ops']);
  });

  test('the ID token wins over UserInfo for a claim both carry', async () => {
    const { provider, clock, login } = await setUp();
    provider.userinfo = { sub: 'user-1', email: 'other@example.com', groups: ['ops'] };
    const identity = await login((nonce) =>
      provider.sign(provider.claims(nonce, clock.now, { groups: undefined })),
    );
    assert.equal(identity.email, 'user@example.com');
    assert.deepEqual(identity.groups, ['ops']);
  });

  test('a UserInfo sub that is not the ID token sub: userinfo_failed', async () => {
    const { provider, clock, login } = await setUp();
    provider.userinfo = { sub: 'someone-else', email: 'x@example.com', name: 'X', groups: [] };
    await rejectsWith(
      login((nonce) => provider.sign(provider.claims(nonce, clock.now, { email: undefined }))),
      'userinfo_failed',
      /sub/,
    );
  });

  test('no UserInfo endpoint: the identity is what the ID token says', async () => {
    const provider = new FakeProvider();
    delete provider.metadata.userinfo_endpoint;
    const { clock, login } = await setUp({}, provider);
    const identity = await login((nonce) =>
      provider.sign(provider.claims(nonce, clock.now, { name: undefined })),
    );
    assert.equal(identity.name, null);
    assert.equal(provider.count('/userinfo'), 0);
  });
});

describe('token endpoint answers', () => {
  const answers: [string, { status: number; body: Record<string, unknown> }, RegExp][] = [
    [
      'an OAuth error',
      { status: 400, body: { error: 'invalid_grant', error_description: 'code expired' } },
      /invalid_grant: code expired/,
    ],
    ['no id_token', { status: 200, body: { access_token: 'a', token_type: 'Bearer' } }, /id_token/],
    ['no access_token', { status: 200, body: { id_token: 'x.y.z', token_type: 'Bearer' } }, /access_token/],
    [
      'a token_type other than Bearer',
      { status: 200, body: { access_token: 'a', id_token: 'x.y.z', token_type: 'DPoP' } },
      /token_type/,
    ],
  ];
  for (const [name, answer, cause] of answers) {
    test(`${name}: token_exchange_failed`, async () => {
      const { rp, provider } = await setUp();
      const { pending } = rp.begin('/');
      provider.tokenAnswer = answer;
      await rejectsWith(
        rp.complete(new URLSearchParams({ code: 'c', state: pending.state }), pending),
        'token_exchange_failed',
        cause,
      );
    });
  }
});

describe('the authorization response', () => {
  test('an iss parameter naming another issuer: idp_error (RFC 9207)', async () => {
    const { rp } = await setUp();
    const { pending } = rp.begin('/');
    const query = new URLSearchParams({ code: 'c', state: pending.state, iss: 'https://evil.example.test' });
    await rejectsWith(rp.complete(query, pending), 'idp_error', /iss/);
  });

  test('a provider that promises iss and leaves it out: idp_error', async () => {
    const provider = new FakeProvider();
    provider.metadata.authorization_response_iss_parameter_supported = true;
    const { rp } = await setUp({}, provider);
    const { pending } = rp.begin('/');
    await rejectsWith(
      rp.complete(new URLSearchParams({ code: 'c', state: pending.state }), pending),
      'idp_error',
      /iss/,
    );
  });

  test('an error with the right state shows the provider error, cut to printable text', async () => {
    const { rp } = await setUp();
    const { pending } = rp.begin('/');
    const query = new URLSearchParams({
      state: pending.state,
      error: 'access_denied',
      error_description: 'User is not assigned to this application\u0000\n',
    });
    const err = await rp.complete(query, pending).catch((e: unknown) => e);
    assert.ok(err instanceof SsoError);
    assert.equal(err.code, 'idp_error');
    assert.equal(
      err.message,
      'The identity provider did not sign you in (access_denied: User is not assigned to this application).',
    );
  });

  test('an error with a wrong state is not shown: state_mismatch', async () => {
    const { rp } = await setUp();
    const { pending } = rp.begin('/');
    const query = new URLSearchParams({
      state: 'forged',
      error: 'access_denied',
      error_description: 'Call 555-0100',
    });
    await rejectsWith(rp.complete(query, pending), 'state_mismatch');
  });

  test('neither code nor error: idp_error', async () => {
    const { rp } = await setUp();
    const { pending } = rp.begin('/');
    await rejectsWith(rp.complete(new URLSearchParams({ state: pending.state }), pending), 'idp_error');
  });

  test('the authorization endpoint keeps its own query parameters', async () => {
    const provider = new FakeProvider();
    provider.metadata.authorization_endpoint = `${FAKE_ISSUER}/authorize?p=signin-policy`;
    const { rp } = await setUp({}, provider);
    const url = new URL(rp.begin('/').url);
    assert.equal(url.searchParams.get('p'), 'signin-policy');
    assert.equal(url.searchParams.get('response_type'), 'code');
  });
});

describe('discovery document checks', () => {
  const cases: [string, (metadata: Record<string, unknown>) => void, RegExp][] = [
    ['no jwks_uri', (m) => delete m.jwks_uri, /jwks_uri/],
    ['no token_endpoint', (m) => delete m.token_endpoint, /token_endpoint/],
    ['no authorization_endpoint', (m) => delete m.authorization_endpoint, /authorization_endpoint/],
    [
      'a plain-http token endpoint under an https issuer',
      (m) => (m.token_endpoint = 'http://idp.example.test/token'),
      /https/,
    ],
    [
      'ID tokens signed only with HS256',
      (m) => (m.id_token_signing_alg_values_supported = ['HS256']),
      /HS256/,
    ],
    ['no code flow', (m) => (m.response_types_supported = ['id_token']), /code/],
    ['another issuer', (m) => (m.issuer = 'https://idp.example.test/other'), /other/],
  ];
  for (const [name, change, cause] of cases) {
    test(`${name}: discovery_failed`, async () => {
      const provider = new FakeProvider();
      change(provider.metadata);
      await rejectsWith(
        OidcRelyingParty.discover(SETTINGS, { fetch: provider.fetch }),
        'discovery_failed',
        cause,
      );
    });
  }

  test('discovery asks <issuer>/.well-known/openid-configuration once', async () => {
    const provider = new FakeProvider();
    await OidcRelyingParty.discover(SETTINGS, { fetch: provider.fetch });
    assert.deepEqual(provider.requests, [`${FAKE_ISSUER}/.well-known/openid-configuration`]);
  });

  test('a provider that advertises no ID token algorithms is taken to use RS256', async () => {
    const provider = new FakeProvider();
    delete provider.metadata.id_token_signing_alg_values_supported;
    const rp = await OidcRelyingParty.discover(SETTINGS, { fetch: provider.fetch });
    assert.deepEqual(rp.metadata.idTokenAlgs, ['RS256']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAppClientSchema,
  createPoolUserSchema,
  createUserPoolSchema,
  DEFAULT_POOL_SETTINGS,
  formatIssues,
  poolSettingsSchema,
  redirectUriSchema,
  updateUserPoolSchema,
  USER_POOL_ID_PATTERN,
} from '../src/index.js';

describe('user pool settings', () => {
  it('fill in every default from nothing', () => {
    assert.deepEqual(poolSettingsSchema.parse({}), DEFAULT_POOL_SETTINGS);
    assert.deepEqual(poolSettingsSchema.parse({ tokens: { accessTokenSeconds: 600 } }).tokens, {
      ...DEFAULT_POOL_SETTINGS.tokens,
      accessTokenSeconds: 600,
    });
  });

  it('check ranges and rules across fields', () => {
    const problems = (input: unknown) => {
      const parsed = createUserPoolSchema.safeParse(input);
      return parsed.success ? [] : formatIssues(parsed.error);
    };
    assert.deepEqual(problems({ name: 'P' }), []);
    assert.deepEqual(problems({ name: 'P', passwordPolicy: { minLength: 257 } }), [
      'passwordPolicy.minLength: must be at most 256',
    ]);
    assert.deepEqual(problems({ name: 'P', sessions: { idleSeconds: 8 * 86_400 } }), [
      'sessions.idleSeconds: must not be longer than absoluteSeconds',
    ]);
    assert.deepEqual(problems({ name: 'P', requiredAttributes: ['email', 'email'] }), [
      'requiredAttributes: names an attribute twice',
    ]);
    assert.deepEqual(problems({ name: 'P', team: 'a', teamId: 'b' }), [
      'teamId: give team or teamId, not both',
    ]);
  });

  it('updates name only what they change and refuse unknown fields', () => {
    assert.deepEqual(updateUserPoolSchema.parse({ tokens: { idTokenSeconds: 900 } }), {
      tokens: { idTokenSeconds: 900 },
    });
    assert.equal(updateUserPoolSchema.safeParse({ selfSignup: true }).success, false);
  });

  it('pool ids have Cognito’s shape', () => {
    for (const ok of ['local_AbC123xyz', 'eu-west-1_AbC123xyz', 'us-east-2_aaaaaaaaaaaa']) {
      assert.match(ok, USER_POOL_ID_PATTERN);
    }
    for (const bad of ['local_short', 'LOCAL_AbC123xyz', 'eu-west-1-AbC123xyz', 'local_AbC123xy!']) {
      assert.doesNotMatch(bad, USER_POOL_ID_PATTERN);
    }
  });
});

describe('app clients', () => {
  it('accept https and loopback http redirect URIs only, without fragments', () => {
    for (const ok of [
      'https://app.example.com/cb',
      'https://app.example.com/cb?x=1',
      'http://localhost:3000/cb',
      'http://127.0.0.1/cb',
      'http://[::1]:8080/cb',
    ]) {
      assert.equal(redirectUriSchema.safeParse(ok).success, true, ok);
    }
    for (const bad of [
      'http://app.example.com/cb',
      'https://app.example.com/cb#x',
      'https://app.example.com/cb#',
      'app.example.com/cb',
      'myapp://cb',
      'https://a b.example.com/',
    ]) {
      assert.equal(redirectUriSchema.safeParse(bad).success, false, bad);
    }
  });

  it('default the auth method and PKCE by kind', () => {
    const confidential = createAppClientSchema.parse({
      name: 'web',
      redirectUris: ['https://a.example.com/cb'],
    });
    assert.equal(confidential.authMethod, 'client_secret_basic');
    assert.deepEqual(confidential.settings, {
      requirePkce: false,
      refreshRotation: true,
      idTokenSigningAlg: 'RS256',
      explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
    });
    assert.deepEqual(confidential.scopes, ['openid', 'email', 'profile']);
    const spa = createAppClientSchema.parse({
      name: 'spa',
      public: true,
      redirectUris: ['http://localhost/cb'],
    });
    assert.equal(spa.authMethod, 'none');
    assert.equal(spa.settings.requirePkce, true);
    const strict = createAppClientSchema.parse({
      name: 'web',
      redirectUris: ['https://a.example.com/cb'],
      authMethod: 'client_secret_post',
      settings: { requirePkce: true, refreshRotation: false },
    });
    assert.deepEqual(strict.settings, {
      requirePkce: true,
      refreshRotation: false,
      idTokenSigningAlg: 'RS256',
      explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
    });
    assert.equal(
      createAppClientSchema.safeParse({
        name: 'x',
        redirectUris: ['https://a.example.com/cb'],
        scopes: ['openid', 'openid'],
      }).success,
      false,
    );
  });

  it('sign people in by default; a client_credentials client is confidential with API scopes only', () => {
    assert.deepEqual(
      createAppClientSchema.parse({ name: 'web', redirectUris: ['https://a.example.com/cb'] })
        .allowedOAuthFlows,
      ['code'],
    );
    const machine = createAppClientSchema.parse({
      name: 'partner',
      allowedOAuthFlows: ['client_credentials'],
      scopes: ['lj-health-food/place-order'],
    });
    assert.deepEqual(machine.redirectUris, []);
    assert.equal(machine.authMethod, 'client_secret_basic');
    const issues = (input: Record<string, unknown>) => {
      const result = createAppClientSchema.safeParse({ name: 'x', ...input });
      return result.success ? [] : formatIssues(result.error);
    };
    assert.deepEqual(issues({ allowedOAuthFlows: ['client_credentials'] }), [
      'scopes: a client_credentials client needs its resource server scopes (<identifier>/<scope>)',
    ]);
    assert.deepEqual(
      issues({ allowedOAuthFlows: ['client_credentials'], public: true, scopes: ['api/read'] }),
      ['allowedOAuthFlows: client_credentials needs a confidential client (one with a secret)'],
    );
    assert.deepEqual(issues({ allowedOAuthFlows: ['client_credentials'], scopes: ['openid', 'api/read'] }), [
      'scopes: "openid" is for people; a client_credentials client has resource server scopes only',
    ]);
    assert.deepEqual(
      issues({
        allowedOAuthFlows: ['code', 'client_credentials'],
        scopes: ['api/read'],
        redirectUris: ['https://a.example.com/cb'],
      }),
      ['allowedOAuthFlows: client_credentials cannot be combined with code: use one app client for each'],
    );
    assert.deepEqual(issues({}), ['redirectUris: needs at least 1 redirect URI']);
    assert.deepEqual(
      issues({ allowedOAuthFlows: ['implicit'], redirectUris: ['https://a.example.com/cb'] }),
      ['allowedOAuthFlows.0: must be one of code, client_credentials'],
    );
  });
});

describe('pool users', () => {
  it('lower-case the email and check attributes', () => {
    const user = createPoolUserSchema.parse({
      username: 'Kim',
      email: ' Kim@Example.COM ',
      attributes: { phone_number: '+14155550100', 'custom:plan': 'pro' },
    });
    assert.equal(user.email, 'kim@example.com');
    assert.equal(user.temporaryPassword, false);
    const bad = createPoolUserSchema.safeParse({
      username: 'k',
      attributes: { phone_number: '555-0100', sub: 'x' },
    });
    assert.ok(!bad.success);
    assert.deepEqual(formatIssues(bad.error).sort(), [
      'attributes.phone_number: must be E.164, such as +14155550100',
      'attributes.sub: is set by Gatehouse and cannot be given',
    ]);
  });
});

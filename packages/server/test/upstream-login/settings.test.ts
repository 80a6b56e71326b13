import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config.js';
import {
  mapIdentity,
  type OidcSettings,
  parseSsoSettings,
  type SsoIdentity,
} from '../../src/upstream-login/index.js';

const GATEHOUSE = 'https://auth.example.com';
const BASE = {
  GATEHOUSE_SSO_ISSUER: 'https://login.example.net/tenant-1/v2.0',
  GATEHOUSE_SSO_CLIENT_ID: 'gatehouse',
  GATEHOUSE_SSO_CLIENT_SECRET: 's3cret',
};

function throwsNaming(env: Record<string, string>, variable: string, fix?: RegExp): void {
  assert.throws(
    () => parseSsoSettings(env, GATEHOUSE),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.ok(err.message.includes(variable), `"${err.message}" names ${variable}`);
      if (fix) assert.match(err.message, fix);
      return true;
    },
  );
}

describe('parseSsoSettings', () => {
  test('no GATEHOUSE_SSO_ISSUER: single sign-on is off', () => {
    assert.equal(parseSsoSettings({}, GATEHOUSE), undefined);
    assert.equal(
      parseSsoSettings({ GATEHOUSE_SSO_ISSUER: '', GATEHOUSE_LOCAL_LOGIN: 'true' }, GATEHOUSE),
      undefined,
    );
  });

  test('the least configuration gets the defaults', () => {
    assert.deepEqual(parseSsoSettings(BASE, `${GATEHOUSE}/`), {
      issuer: 'https://login.example.net/tenant-1/v2.0',
      clientId: 'gatehouse',
      clientSecret: 's3cret',
      redirectUri: 'https://auth.example.com/api/v1/auth/sso/callback',
      scopes: ['openid', 'email', 'profile'],
      label: 'Single sign-on',
      groupsClaim: 'groups',
      allowedGroups: [],
      adminGroups: [],
      teamGroups: [],
      localLogin: true,
    } satisfies OidcSettings);
  });

  test('every variable set', () => {
    const settings = parseSsoSettings(
      {
        ...BASE,
        GATEHOUSE_SSO_ISSUER: 'https://example.auth0.com/',
        GATEHOUSE_SSO_SCOPES: 'openid, email profile,groups  offline_access',
        GATEHOUSE_SSO_LABEL: 'Sign in with Example SSO',
        GATEHOUSE_SSO_GROUPS_CLAIM: 'https://example.com/roles',
        GATEHOUSE_SSO_ADMIN_GROUPS: 'Platform Admins, sre ,',
        GATEHOUSE_SSO_ALLOWED_GROUPS: 'Engineering, sre,',
        GATEHOUSE_SSO_TEAM_GROUPS: 'orders-eng=orders, orders-leads=orders:owner,billing=billing-team:member',
        GATEHOUSE_LOCAL_LOGIN: 'false',
      },
      GATEHOUSE,
    );
    assert.ok(settings);
    assert.equal(settings.issuer, 'https://example.auth0.com/', 'kept exactly, trailing slash and all');
    assert.deepEqual(settings.scopes, ['openid', 'email', 'profile', 'groups', 'offline_access']);
    assert.equal(settings.label, 'Sign in with Example SSO');
    assert.equal(settings.groupsClaim, 'https://example.com/roles');
    assert.deepEqual(settings.adminGroups, ['Platform Admins', 'sre']);
    assert.deepEqual(settings.allowedGroups, ['Engineering', 'sre']);
    assert.deepEqual(settings.teamGroups, [
      { group: 'orders-eng', team: 'orders', role: 'member' },
      { group: 'orders-leads', team: 'orders', role: 'owner' },
      { group: 'billing', team: 'billing-team', role: 'member' },
    ]);
    assert.equal(settings.localLogin, false);
  });

  test('plain http is for a loopback provider only', () => {
    const settings = parseSsoSettings({ ...BASE, GATEHOUSE_SSO_ISSUER: 'http://127.0.0.1:9000' }, GATEHOUSE);
    assert.equal(settings?.issuer, 'http://127.0.0.1:9000');
    throwsNaming(
      { ...BASE, GATEHOUSE_SSO_ISSUER: 'http://idp.example.com' },
      'GATEHOUSE_SSO_ISSUER',
      /https/,
    );
  });

  const bad: [string, Record<string, string>, string, RegExp?][] = [
    ['an issuer that is not a URL', { GATEHOUSE_SSO_ISSUER: 'login.example.net' }, 'GATEHOUSE_SSO_ISSUER'],
    [
      'an issuer with a query',
      { GATEHOUSE_SSO_ISSUER: 'https://idp.example.com/?tenant=1' },
      'GATEHOUSE_SSO_ISSUER',
    ],
    [
      'no client id',
      { GATEHOUSE_SSO_CLIENT_ID: '' },
      'GATEHOUSE_SSO_CLIENT_ID',
      /redirect URI https:\/\/auth\.example\.com\/api\/v1\/auth\/sso\/callback/,
    ],
    ['no client secret', { GATEHOUSE_SSO_CLIENT_SECRET: ' ' }, 'GATEHOUSE_SSO_CLIENT_SECRET'],
    ['scopes without openid', { GATEHOUSE_SSO_SCOPES: 'email profile' }, 'GATEHOUSE_SSO_SCOPES', /openid/],
    ['a scope with a quote', { GATEHOUSE_SSO_SCOPES: 'openid "email"' }, 'GATEHOUSE_SSO_SCOPES'],
    ['a label too long', { GATEHOUSE_SSO_LABEL: 'x'.repeat(101) }, 'GATEHOUSE_SSO_LABEL'],
    [
      'a groups claim with a space',
      { GATEHOUSE_SSO_GROUPS_CLAIM: 'my groups' },
      'GATEHOUSE_SSO_GROUPS_CLAIM',
    ],
    [
      'a team group without "="',
      { GATEHOUSE_SSO_TEAM_GROUPS: 'orders-eng' },
      'GATEHOUSE_SSO_TEAM_GROUPS',
      /group=team-slug/,
    ],
    ['a team group without a group', { GATEHOUSE_SSO_TEAM_GROUPS: '=orders' }, 'GATEHOUSE_SSO_TEAM_GROUPS'],
    [
      'a team group with a bad slug',
      { GATEHOUSE_SSO_TEAM_GROUPS: 'eng=Orders Team' },
      'GATEHOUSE_SSO_TEAM_GROUPS',
      /team slug/,
    ],
    [
      'a team group with a bad role',
      { GATEHOUSE_SSO_TEAM_GROUPS: 'eng=orders:admin' },
      'GATEHOUSE_SSO_TEAM_GROUPS',
      /:owner/,
    ],
    ['local login neither true nor false', { GATEHOUSE_LOCAL_LOGIN: 'no' }, 'GATEHOUSE_LOCAL_LOGIN'],
    ['a control character', { GATEHOUSE_SSO_LABEL: 'Sign\u0007in' }, 'GATEHOUSE_SSO_LABEL'],
  ];
  for (const [name, env, variable, fix] of bad) {
    test(`${name}: ConfigError naming ${variable}`, () => throwsNaming({ ...BASE, ...env }, variable, fix));
  }

  test('GATEHOUSE_LOCAL_LOGIN=false without single sign-on leaves no way in: ConfigError', () => {
    throwsNaming({ GATEHOUSE_LOCAL_LOGIN: 'false' }, 'GATEHOUSE_LOCAL_LOGIN', /GATEHOUSE_SSO_ISSUER/);
  });

  test('single sign-on variables without GATEHOUSE_SSO_ISSUER: ConfigError naming them', () => {
    throwsNaming(
      { GATEHOUSE_SSO_CLIENT_ID: 'x', GATEHOUSE_SSO_ADMIN_GROUPS: 'a' },
      'GATEHOUSE_SSO_CLIENT_ID, GATEHOUSE_SSO_ADMIN_GROUPS',
      /GATEHOUSE_SSO_ISSUER/,
    );
  });

  test('the client secret never appears in an error', () => {
    const secret = 'do-not-print-me-7a3f';
    for (const env of [
      { ...BASE, GATEHOUSE_SSO_CLIENT_SECRET: secret, GATEHOUSE_SSO_SCOPES: 'email' },
      { ...BASE, GATEHOUSE_SSO_CLIENT_SECRET: secret, GATEHOUSE_SSO_TEAM_GROUPS: 'x' },
    ]) {
      assert.throws(
        () => parseSsoSettings(env, GATEHOUSE),
        (err: Error) => !err.message.includes(secret),
      );
    }
  });
});

describe('mapIdentity', () => {
  const identity = (groups: string[]): SsoIdentity => ({
    subject: 's',
    issuer: 'https://idp.example.com',
    email: null,
    emailVerified: false,
    name: null,
    groups,
    claims: {},
  });
  const settings = {
    adminGroups: ['platform-admins'],
    teamGroups: [
      { group: 'orders-eng', team: 'orders', role: 'member' as const },
      { group: 'orders-leads', team: 'orders', role: 'owner' as const },
      { group: 'billing', team: 'billing', role: 'member' as const },
      { group: 'all-eng', team: 'billing', role: 'member' as const },
    ],
  };

  test('no groups: no admin, no teams', () => {
    assert.deepEqual(mapIdentity(identity([]), settings), { isAdmin: false, teams: [] });
  });

  test('an admin group makes a platform admin', () => {
    assert.deepEqual(mapIdentity(identity(['platform-admins']), settings), { isAdmin: true, teams: [] });
  });

  test('group names match exactly', () => {
    assert.deepEqual(mapIdentity(identity(['Platform-Admins', 'orders-eng ']), settings), {
      isAdmin: false,
      teams: [],
    });
  });

  test('team memberships, one per team; owner wins over member whichever comes first', () => {
    assert.deepEqual(mapIdentity(identity(['orders-leads', 'orders-eng', 'billing', 'all-eng']), settings), {
      isAdmin: false,
      teams: [
        { team: 'orders', role: 'owner' },
        { team: 'billing', role: 'member' },
      ],
    });
    const reversed = { ...settings, teamGroups: [...settings.teamGroups].reverse() };
    assert.deepEqual(mapIdentity(identity(['orders-eng', 'orders-leads']), reversed).teams, [
      { team: 'orders', role: 'owner' },
    ]);
  });

  test('works on parsed settings', () => {
    const parsed = parseSsoSettings(
      { ...BASE, GATEHOUSE_SSO_ADMIN_GROUPS: 'ops', GATEHOUSE_SSO_TEAM_GROUPS: 'ops=platform:owner' },
      GATEHOUSE,
    );
    assert.ok(parsed);
    assert.deepEqual(mapIdentity(identity(['ops']), parsed), {
      isAdmin: true,
      teams: [{ team: 'platform', role: 'owner' }],
    });
  });
});

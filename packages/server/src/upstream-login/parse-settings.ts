import { isScopeToken } from '@gatehouse/jws';
import { ConfigError, parseIssuer } from '../config.js';
import {
  CALLBACK_PATH,
  DEFAULT_GROUPS_CLAIM,
  DEFAULT_LABEL,
  DEFAULT_SCOPES,
  type OidcSettings,
  type TeamGroup,
  type TeamRole,
} from './settings.js';

/** The single sign-on settings in the same shape as config.ts's SETTINGS, for help output. */
export const SSO_SETTINGS = [
  ['', 'GATEHOUSE_SSO_ISSUER', '(none: single sign-on off)', 'OpenID Connect issuer of the company IdP'],
  ['', 'GATEHOUSE_SSO_CLIENT_ID', '(none)', 'client ID Gatehouse has at the IdP'],
  ['', 'GATEHOUSE_SSO_CLIENT_SECRET', '(none)', 'client secret Gatehouse has at the IdP'],
  ['', 'GATEHOUSE_SSO_SCOPES', 'openid email profile', 'scopes to ask for (space or comma list)'],
  ['', 'GATEHOUSE_SSO_LABEL', DEFAULT_LABEL, 'label of the sign-in button'],
  ['', 'GATEHOUSE_SSO_GROUPS_CLAIM', DEFAULT_GROUPS_CLAIM, 'ID token claim that lists the groups'],
  [
    '',
    'GATEHOUSE_SSO_ALLOWED_GROUPS',
    '(none: anyone)',
    'only members of these groups may sign in (comma list)',
  ],
  ['', 'GATEHOUSE_SSO_ADMIN_GROUPS', '(none)', 'groups whose members are platform admins (comma list)'],
  ['', 'GATEHOUSE_SSO_TEAM_GROUPS', '(none)', 'group=team-slug[:owner|:member],... team memberships'],
  ['', 'GATEHOUSE_LOCAL_LOGIN', 'true', 'false turns local passwords off while single sign-on is on'],
] as const;

const SSO_VARIABLES = SSO_SETTINGS.map(([, name]) => name).filter((name) =>
  name.startsWith('GATEHOUSE_SSO_'),
);

// The team slug rule of the admin API.
const TEAM_SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;
const MAX_LABEL = 100;

const hasControlCharacter = (value: string): boolean =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (hasControlCharacter(raw)) throw new ConfigError(`${name} must not contain control characters`);
  return raw;
}

function commaList(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = read(env, name) ?? '';
  return [
    ...new Set(
      raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

function parseLocalLogin(env: NodeJS.ProcessEnv): boolean {
  const raw = read(env, 'GATEHOUSE_LOCAL_LOGIN') ?? 'true';
  if (raw !== 'true' && raw !== 'false') {
    throw new ConfigError(`GATEHOUSE_LOCAL_LOGIN must be true or false, got "${raw}"`);
  }
  return raw === 'true';
}

function parseScopes(env: NodeJS.ProcessEnv): string[] {
  const raw = read(env, 'GATEHOUSE_SSO_SCOPES');
  if (raw === undefined) return [...DEFAULT_SCOPES];
  const scopes = [...new Set(raw.split(/[\s,]+/).filter((s) => s !== ''))];
  const bad = scopes.find((s) => !isScopeToken(s));
  if (bad !== undefined) {
    throw new ConfigError(`GATEHOUSE_SSO_SCOPES: "${bad}" is not a valid scope (RFC 6749 §3.3)`);
  }
  if (!scopes.includes('openid')) {
    throw new ConfigError(
      `GATEHOUSE_SSO_SCOPES must include openid (OpenID Connect needs it), got "${raw}"; for example "openid email profile"`,
    );
  }
  return scopes;
}

function parseTeamGroup(item: string): TeamGroup {
  const usage = `GATEHOUSE_SSO_TEAM_GROUPS: "${item}" must look like group=team-slug, group=team-slug:owner or group=team-slug:member`;
  const eq = item.lastIndexOf('=');
  if (eq <= 0) throw new ConfigError(usage);
  const group = item.slice(0, eq).trim();
  let team = item.slice(eq + 1).trim();
  let role: TeamRole = 'member';
  const colon = team.lastIndexOf(':');
  if (colon >= 0) {
    const suffix = team.slice(colon + 1).trim();
    if (suffix !== 'owner' && suffix !== 'member') throw new ConfigError(usage);
    role = suffix;
    team = team.slice(0, colon).trim();
  }
  if (group === '') throw new ConfigError(usage);
  if (!TEAM_SLUG.test(team)) {
    throw new ConfigError(
      `GATEHOUSE_SSO_TEAM_GROUPS: "${team}" in "${item}" is not a team slug (2 to 40 lowercase letters, digits and "-")`,
    );
  }
  return { group, team, role };
}

function required(env: NodeJS.ProcessEnv, name: string, fix: string): string {
  const value = read(env, name);
  if (value === undefined)
    throw new ConfigError(`${name} is required when GATEHOUSE_SSO_ISSUER is set: ${fix}`);
  return value;
}

/**
 * Reads the single sign-on settings from the environment. Returns undefined when
 * GATEHOUSE_SSO_ISSUER is unset; throws ConfigError naming the variable and the fix on any bad
 * or missing value. `gatehouseIssuer` is this deployment's public base URL.
 *
 * @example
 * const sso = parseSsoSettings(process.env, 'https://auth.example.com');
 * if (sso) console.log(sso.redirectUri); // https://auth.example.com/api/v1/auth/sso/callback
 */
export function parseSsoSettings(env: NodeJS.ProcessEnv, gatehouseIssuer: string): OidcSettings | undefined {
  const localLogin = parseLocalLogin(env);
  const issuerRaw = read(env, 'GATEHOUSE_SSO_ISSUER');
  if (issuerRaw === undefined) {
    if (!localLogin) {
      throw new ConfigError(
        'GATEHOUSE_LOCAL_LOGIN=false turns passwords off, which leaves no way to sign in without single sign-on: ' +
          'set GATEHOUSE_SSO_ISSUER, GATEHOUSE_SSO_CLIENT_ID and GATEHOUSE_SSO_CLIENT_SECRET, or remove GATEHOUSE_LOCAL_LOGIN',
      );
    }
    const stray = SSO_VARIABLES.filter((name) => read(env, name) !== undefined);
    if (stray.length > 0) {
      throw new ConfigError(
        `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but GATEHOUSE_SSO_ISSUER is not: ` +
          'set GATEHOUSE_SSO_ISSUER to turn single sign-on on, or remove them',
      );
    }
    return undefined;
  }
  // Validated like our own issuer, but kept exactly as written: OpenID Connect compares issuers
  // as exact strings, and some providers' issuers end in '/'.
  parseIssuer(issuerRaw, 'GATEHOUSE_SSO_ISSUER');
  const redirectUri = `${gatehouseIssuer.replace(/\/+$/, '')}${CALLBACK_PATH}`;
  const register = `register Gatehouse at the identity provider as a web application with redirect URI ${redirectUri}`;
  const clientId = required(env, 'GATEHOUSE_SSO_CLIENT_ID', `${register} and set its client ID here`);
  const clientSecret = required(
    env,
    'GATEHOUSE_SSO_CLIENT_SECRET',
    'set the client secret the identity provider issued for GATEHOUSE_SSO_CLIENT_ID',
  );
  const label = read(env, 'GATEHOUSE_SSO_LABEL') ?? DEFAULT_LABEL;
  if (label.length > MAX_LABEL) {
    throw new ConfigError(`GATEHOUSE_SSO_LABEL must be at most ${MAX_LABEL} characters, got ${label.length}`);
  }
  const groupsClaim = read(env, 'GATEHOUSE_SSO_GROUPS_CLAIM') ?? DEFAULT_GROUPS_CLAIM;
  if (/\s/.test(groupsClaim)) {
    throw new ConfigError(
      `GATEHOUSE_SSO_GROUPS_CLAIM must be a claim name without spaces, got "${groupsClaim}"`,
    );
  }
  return {
    issuer: issuerRaw,
    clientId,
    clientSecret,
    redirectUri,
    scopes: parseScopes(env),
    label,
    groupsClaim,
    allowedGroups: commaList(env, 'GATEHOUSE_SSO_ALLOWED_GROUPS'),
    adminGroups: commaList(env, 'GATEHOUSE_SSO_ADMIN_GROUPS'),
    teamGroups: commaList(env, 'GATEHOUSE_SSO_TEAM_GROUPS').map(parseTeamGroup),
    localLogin,
  };
}

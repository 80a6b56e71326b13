import type { AppClient, PoolGroup, PoolSession, PoolUser, UserPool } from '@gatehouse/schemas';
import { type Output, summarise } from './output.js';

/** How `user-pools …` commands show pools, app clients, users, groups and sessions to people. */

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** What people and browsers supplied (user agents, attributes) may hold terminal control codes. */
// eslint-disable-next-line no-control-regex -- replacing control characters is the point
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds} s (${seconds / 86_400} d)`;
  if (seconds % 3600 === 0) return `${seconds} s (${seconds / 3600} h)`;
  return `${seconds} s`;
}

export function showPool(out: Output, pool: UserPool): void {
  const s = pool.settings;
  const branding = [
    s.branding.displayName && `display name ${s.branding.displayName}`,
    s.branding.logoUrl && `logo ${s.branding.logoUrl}`,
    s.branding.primaryColor && `colour ${s.branding.primaryColor}`,
  ].filter(Boolean);
  out.block([
    ['id', pool.id],
    ['name', pool.name],
    ['issuer', pool.issuer],
    ['team', pool.teamId ?? '-'],
    ['self sign-up', yesNo(s.selfSignUp)],
    ['auto-confirm', yesNo(s.autoConfirm)],
    ['sign in with', s.signInWith],
    ['required', s.requiredAttributes.join(', ') || '-'],
    ['min password', `${s.passwordPolicy.minLength} characters`],
    ['access token', duration(s.tokens.accessTokenSeconds)],
    ['ID token', duration(s.tokens.idTokenSeconds)],
    [
      'refresh token',
      `${duration(s.tokens.refreshTokenSeconds)}, idle ${duration(s.tokens.refreshIdleSeconds)}`,
    ],
    ['session', `idle ${duration(s.sessions.idleSeconds)}, at most ${duration(s.sessions.absoluteSeconds)}`],
    ['branding', branding.join('\n') || '(default)'],
    ['created', pool.createdAt],
    ['updated', pool.updatedAt],
  ]);
}

export const POOL_HEADERS = ['ID', 'NAME', 'TEAM', 'SIGN-UP', 'SIGN IN WITH', 'CREATED'] as const;

export function poolRows(pools: readonly UserPool[]): string[][] {
  return pools.map((p) => [
    p.id,
    p.name,
    p.teamId ?? '-',
    p.settings.selfSignUp ? (p.settings.autoConfirm ? 'self, auto-confirm' : 'self') : 'admins',
    p.settings.signInWith,
    p.createdAt,
  ]);
}

export function showAppClient(out: Output, client: AppClient): void {
  const s = client.settings;
  const lifetimes = [
    s.accessTokenSeconds !== undefined && `access ${duration(s.accessTokenSeconds)}`,
    s.idTokenSeconds !== undefined && `ID ${duration(s.idTokenSeconds)}`,
    s.refreshTokenSeconds !== undefined && `refresh ${duration(s.refreshTokenSeconds)}`,
  ].filter(Boolean);
  out.block([
    ['client_id', client.clientId],
    ['name', client.name],
    ['pool', client.poolId],
    ['type', client.public ? 'public (PKCE, no secret)' : 'confidential (secret)'],
    ['auth method', client.authMethod],
    ['OAuth flows', client.allowedOAuthFlows.join(', ')],
    ['callback URLs', client.redirectUris.join('\n') || '-'],
    ['logout URLs', client.logoutUris.join('\n') || '-'],
    ['scopes', client.scopes.join(' ')],
    ['PKCE', s.requirePkce ? 'required' : 'when sent'],
    ['refresh rotation', s.refreshRotation ? 'on' : 'off'],
    ['ID token alg', s.idTokenSigningAlg],
    ['API sign-in flows', s.explicitAuthFlows.join(' ') || '-'],
    ['token lifetimes', lifetimes.join('\n') || "the pool's"],
    ['created', client.createdAt],
    ['updated', client.updatedAt],
  ]);
}

export const APP_CLIENT_HEADERS = [
  'CLIENT ID',
  'NAME',
  'TYPE',
  'CALLBACK URLS',
  'SCOPES',
  'CREATED',
] as const;

export function appClientRows(clients: readonly AppClient[]): string[][] {
  return clients.map((c) => [
    c.clientId,
    c.name,
    c.public ? 'public' : 'confidential',
    summarise(c.redirectUris, 50),
    summarise(c.scopes, 40),
    c.createdAt,
  ]);
}

export function showPoolUser(out: Output, user: PoolUser): void {
  const attributes = Object.entries(user.attributes).map(([k, v]) => printable(`${k}=${v}`));
  out.block([
    ['username', user.username],
    ['sub', user.sub],
    ['pool', user.poolId],
    ['email', user.email === undefined ? '-' : `${user.email}${user.emailVerified ? ' (verified)' : ''}`],
    ['status', user.status],
    ['enabled', user.enabled ? 'yes' : 'no (cannot sign in)'],
    ['groups', user.groups.join(', ') || '-'],
    ['attributes', attributes.join('\n') || '-'],
    ['created', user.createdAt],
    ['updated', user.updatedAt],
  ]);
}

export const POOL_USER_HEADERS = [
  'USERNAME',
  'EMAIL',
  'STATUS',
  'ENABLED',
  'GROUPS',
  'SUB',
  'CREATED',
] as const;

export function poolUserRows(users: readonly PoolUser[]): string[][] {
  return users.map((u) => [
    u.username,
    u.email ?? '-',
    u.status,
    yesNo(u.enabled),
    summarise(u.groups, 30),
    u.sub,
    u.createdAt,
  ]);
}

export const POOL_GROUP_HEADERS = ['NAME', 'PRECEDENCE', 'DESCRIPTION', 'CREATED'] as const;

export function poolGroupRows(groups: readonly PoolGroup[]): string[][] {
  return groups.map((g) => [
    g.name,
    g.precedence === undefined ? '-' : String(g.precedence),
    g.description || '-',
    g.createdAt,
  ]);
}

export const POOL_SESSION_HEADERS = [
  'SESSION ID',
  'SIGNED IN',
  'LAST SEEN',
  'EXPIRES',
  'IP',
  'USER AGENT',
] as const;

export function poolSessionRows(sessions: readonly PoolSession[]): string[][] {
  return sessions.map((s) => [
    s.id,
    s.authTime,
    s.lastSeenAt,
    s.expiresAt,
    s.ip ?? '-',
    s.userAgent === null ? '-' : printable(s.userAgent.slice(0, 40)),
  ]);
}

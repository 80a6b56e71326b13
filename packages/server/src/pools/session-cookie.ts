import { readCookie } from '../admin/cookies.js';
import type { PageContext } from './page-context.js';

// One cookie per pool, scoped to the pool's path: signing in at one pool says nothing to another.

export function sessionCookieName(poolId: string): string {
  return `gh_pool_session_${poolId}`;
}

export function readSessionCookie(ctx: Pick<PageContext, 'req' | 'pool'>): string | undefined {
  const value = readCookie(ctx.req, sessionCookieName(ctx.pool.row.id));
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** HttpOnly, SameSite=Lax (the app's redirect back to authorize is a top-level GET), Secure over https. */
export function sessionCookie(
  ctx: Pick<PageContext, 'pool' | 'basePath' | 'secure'>,
  value: string,
  maxAgeSeconds: number,
): string {
  const parts = [
    `${sessionCookieName(ctx.pool.row.id)}=${value}`,
    `Path=${ctx.basePath}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (ctx.secure) parts.push('Secure');
  parts.push(`Max-Age=${maxAgeSeconds}`);
  return parts.join('; ');
}

export function clearSessionCookie(ctx: Pick<PageContext, 'pool' | 'basePath' | 'secure'>): string {
  return sessionCookie(ctx, '', 0);
}

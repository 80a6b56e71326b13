import type { Db } from '../../store/db.js';
import { groupsOfUser } from '../../store/repos/pool-groups.js';
import { findPoolUser, type PoolUserRow } from '../../store/repos/pool-users.js';
import type { ClaimsUser } from '../../pools/scope-claims.js';

/** A user as the token path needs one, with their groups. */
export type ActiveUser = ClaimsUser;

/** The columns that decide whether a user may get tokens, and what their tokens say. */
export type TokenUserRow = Pick<
  PoolUserRow,
  'sub' | 'username' | 'email' | 'email_verified' | 'enabled' | 'attributes' | 'password_changed_at'
>;

/**
 * Whether a user may still get tokens: they exist, are enabled, and have not changed their
 * password since they signed in (a new password ends what the old one started).
 */
export function mayGetTokens(row: TokenUserRow | undefined, authTime?: number): row is TokenUserRow {
  if (!row || row.enabled !== 1) return false;
  return !(authTime !== undefined && row.password_changed_at !== null && row.password_changed_at > authTime);
}

/** The token path's view of a user who may get tokens (see mayGetTokens). */
export function activeUserOf(row: TokenUserRow, groups: string[]): ActiveUser {
  return {
    sub: row.sub,
    username: row.username,
    email: row.email,
    emailVerified: row.email_verified === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    groups,
  };
}

/**
 * The user a code or refresh token was issued for, when they may still get tokens
 * (mayGetTokens). Undefined otherwise.
 */
export async function loadActiveUser(
  db: Db,
  poolId: string,
  sub: string,
  /** Epoch ms of the sign-in the tokens come from; without it, the password is not compared. */
  authTime?: number,
): Promise<ActiveUser | undefined> {
  const row = await findPoolUser(db, poolId, sub);
  if (!mayGetTokens(row, authTime)) return undefined;
  return activeUserOf(row, await groupsOfUser(db, row.sub));
}

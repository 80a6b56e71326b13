import type { Db } from '../../store/db.js';
import { groupsOfUser } from '../../store/repos/pool-groups.js';
import { findPoolUser } from '../../store/repos/pool-users.js';
import type { ClaimsUser } from '../../pools/scope-claims.js';

/** A user as the token path needs one, with their groups. */
export type ActiveUser = ClaimsUser;

/**
 * The user a code or refresh token was issued for, when they may still get tokens: they exist,
 * are enabled, and have not changed their password since they signed in (a new password ends
 * what the old one started). Undefined otherwise.
 */
export async function loadActiveUser(
  db: Db,
  poolId: string,
  sub: string,
  /** Epoch ms of the sign-in the tokens come from; without it, the password is not compared. */
  authTime?: number,
): Promise<ActiveUser | undefined> {
  const row = await findPoolUser(db, poolId, sub);
  if (!row || row.enabled !== 1) return undefined;
  if (authTime !== undefined && row.password_changed_at !== null && row.password_changed_at > authTime) {
    return undefined;
  }
  return {
    sub: row.sub,
    username: row.username,
    email: row.email,
    emailVerified: row.email_verified === 1,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    groups: await groupsOfUser(db, row.sub),
  };
}

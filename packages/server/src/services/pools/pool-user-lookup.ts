import type { Db } from '../../store/db.js';
import { findPoolUser, findPoolUserByUsername, type PoolUserRow } from '../../store/repos/pool-users.js';
import { NotFoundError } from '../errors.js';

/** Usernames are unique in a pool without case, and stored in one Unicode form. */
export function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** A user named by username (any case) or by `sub`, as Cognito's admin calls accept either. */
export async function findPoolUserByRef(
  db: Db,
  poolId: string,
  ref: string,
): Promise<PoolUserRow | undefined> {
  return (
    (await findPoolUserByUsername(db, poolId, usernameKey(ref))) ?? (await findPoolUser(db, poolId, ref))
  );
}

export async function requirePoolUser(db: Db, poolId: string, ref: string): Promise<PoolUserRow> {
  const row = await findPoolUserByRef(db, poolId, ref);
  if (!row) throw new NotFoundError(`user pool "${poolId}" has no user "${ref}"`);
  return row;
}

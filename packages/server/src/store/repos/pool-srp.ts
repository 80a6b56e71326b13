import type { Db } from '../db.js';

/**
 * Stores the verifier of the password a user just signed in with, when they had none (their
 * password was set before SRP was): only while that password is still the one whose hash was
 * checked, so a password changed meanwhile never gets the old one's verifier.
 */
export async function fillPoolUserSrpVerifier(
  db: Db,
  sub: string,
  checkedHash: string,
  sealed: string,
): Promise<boolean> {
  const { changes } = await db.run(
    'UPDATE pool_users SET srp_verifier = ? WHERE sub = ? AND password_hash = ? AND srp_verifier IS NULL',
    [sealed, sub, checkedHash],
  );
  return changes > 0;
}

/** Marks a SECRET_BLOCK used; false when it already was (a replay). One statement, so no race. */
export async function spendSrpBlock(db: Db, id: string, expiresAt: number): Promise<boolean> {
  const { changes } = await db.run(
    'INSERT INTO pool_srp_spent (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    [id, expiresAt],
  );
  return changes > 0;
}

/** Forgets spent blocks past their expiry: they can no longer be presented anyway. */
export async function purgeSpentSrpBlocks(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM pool_srp_spent WHERE expires_at <= ?', [now]);
}

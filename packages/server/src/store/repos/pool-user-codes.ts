import type { Db } from '../db.js';

export type PoolCodePurpose = 'confirm_sign_up' | 'reset_password';

export interface PoolUserCodeRow {
  sub: string;
  purpose: PoolCodePurpose;
  code_hash: string;
  expires_at: number;
  attempts: number;
  created_at: number;
}

/** A new code replaces the user's previous one for the same purpose, with its attempts reset. */
export async function putPoolUserCode(db: Db, row: PoolUserCodeRow): Promise<void> {
  await db.run(
    `INSERT INTO pool_user_codes (sub, purpose, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sub, purpose) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
       attempts = excluded.attempts, created_at = excluded.created_at`,
    [row.sub, row.purpose, row.code_hash, row.expires_at, row.attempts, row.created_at],
  );
}

export function findPoolUserCode(
  db: Db,
  sub: string,
  purpose: PoolCodePurpose,
): Promise<PoolUserCodeRow | undefined> {
  return db.get<PoolUserCodeRow>('SELECT * FROM pool_user_codes WHERE sub = ? AND purpose = ?', [
    sub,
    purpose,
  ]);
}

/**
 * Takes one attempt at the code in one statement, before the code is compared: false when the
 * code is gone, expired, or out of attempts, so concurrent guesses cannot pass `maxAttempts`.
 */
export async function takePoolCodeAttempt(
  db: Db,
  sub: string,
  purpose: PoolCodePurpose,
  maxAttempts: number,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_user_codes SET attempts = attempts + 1
     WHERE sub = ? AND purpose = ? AND attempts < ? AND expires_at > ?`,
    [sub, purpose, maxAttempts, now],
  );
  return changes > 0;
}

/** Spends a matching code: true for exactly one of several concurrent callers. */
export async function consumePoolUserCode(
  db: Db,
  sub: string,
  purpose: PoolCodePurpose,
  codeHash: string,
  now: number,
): Promise<boolean> {
  const { changes } = await db.run(
    'DELETE FROM pool_user_codes WHERE sub = ? AND purpose = ? AND code_hash = ? AND expires_at > ?',
    [sub, purpose, codeHash, now],
  );
  return changes > 0;
}

export async function deletePoolUserCode(db: Db, sub: string, purpose: PoolCodePurpose): Promise<void> {
  await db.run('DELETE FROM pool_user_codes WHERE sub = ? AND purpose = ?', [sub, purpose]);
}

export async function purgePoolUserCodes(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM pool_user_codes WHERE expires_at <= ?', [now]);
}

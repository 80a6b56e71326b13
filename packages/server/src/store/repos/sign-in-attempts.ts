import type { AttemptPolicy } from '../../config.js';
import type { Db, SqlValue } from '../db.js';

export type Reservation =
  { allowed: true; lockedUntil: number | null } | { allowed: false; lockedUntil: number };

/** `:name` placeholders, so one value can appear several times in a statement. */
function bind(sql: string, values: Record<string, SqlValue>): [string, SqlValue[]] {
  const params: SqlValue[] = [];
  const text = sql.replace(/:([a-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name}`);
    params.push(value);
    return '?';
  });
  return [text, params];
}

// t is the row as it was; excluded carries this attempt's time. A quiet counter starts over.
const STALE = '(COALESCE(t.locked_until, t.last_at) + :window <= excluded.last_at)';
const NEXT_LOCK = `CASE WHEN t.lock_ms = 0 THEN :base WHEN t.lock_ms * 2 > :max THEN :max ELSE t.lock_ms * 2 END`;
const RESERVE = `
INSERT INTO sign_in_attempts AS t (key, attempts, lock_ms, locked_until, last_at)
VALUES (:key, 1, :freshlock, :freshuntil, :now)
ON CONFLICT (key) DO UPDATE SET
  attempts = CASE WHEN ${STALE} THEN 1 ELSE t.attempts + 1 END,
  lock_ms = CASE WHEN ${STALE} THEN excluded.lock_ms WHEN t.attempts + 1 >= :limit THEN ${NEXT_LOCK} ELSE t.lock_ms END,
  locked_until = CASE WHEN ${STALE} THEN excluded.locked_until
    WHEN t.attempts + 1 >= :limit THEN excluded.last_at + ${NEXT_LOCK} ELSE NULL END,
  last_at = excluded.last_at
WHERE t.locked_until IS NULL OR t.locked_until <= excluded.last_at
RETURNING locked_until`;

/**
 * Takes one attempt for `key` before the password is checked, in one statement, so concurrent
 * requests and other instances see each other's attempts: the `limit`-th attempt in a row sets
 * the lock, and while it holds no attempt is taken. Later attempts double the lock, up to the cap.
 */
export async function reserveAttempt(
  db: Db,
  key: string,
  now: number,
  policy: AttemptPolicy,
): Promise<Reservation> {
  const first = policy.limit <= 1;
  const [sql, params] = bind(RESERVE, {
    key,
    now,
    freshlock: first ? policy.lockMs : 0,
    freshuntil: first ? now + policy.lockMs : null,
    window: policy.windowMs,
    limit: policy.limit,
    base: policy.lockMs,
    max: policy.maxLockMs,
  });
  const taken = await db.get<{ locked_until: number | null }>(sql, params);
  if (taken) return { allowed: true, lockedUntil: taken.locked_until };
  const row = await db.get<{ locked_until: number | null }>(
    'SELECT locked_until FROM sign_in_attempts WHERE key = ?',
    [key],
  );
  // Unlocked between the two statements: still refuse this one, briefly, rather than race again.
  return { allowed: false, lockedUntil: Math.max(row?.locked_until ?? 0, now + 1000) };
}

/** A successful sign-in: the account's count starts over. */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.run('DELETE FROM sign_in_attempts WHERE key = ?', [key]);
}

/**
 * Gives back an attempt that did not fail (an address's count is of failures only), and the
 * lock it set, if no later attempt has replaced that lock since.
 */
export async function refundAttempt(
  db: Db,
  key: string,
  lockItSet: number | null,
  policy: AttemptPolicy,
): Promise<void> {
  const [sql, params] = bind(
    `UPDATE sign_in_attempts SET attempts = attempts - 1,
       lock_ms = CASE WHEN locked_until = :lock THEN (CASE WHEN attempts - 1 < :limit THEN 0 ELSE lock_ms / 2 END) ELSE lock_ms END,
       locked_until = CASE WHEN locked_until = :lock THEN NULL ELSE locked_until END
     WHERE key = :key AND attempts > 0`,
    { lock: lockItSet ?? -1, limit: policy.limit, key },
  );
  await db.run(sql, params);
}

/** Counters quiet for longer than their window carry nothing any more. */
export async function purgeAttempts(db: Db, before: number): Promise<void> {
  await db.run(
    'DELETE FROM sign_in_attempts WHERE last_at < ? AND (locked_until IS NULL OR locked_until < ?)',
    [before, before],
  );
}

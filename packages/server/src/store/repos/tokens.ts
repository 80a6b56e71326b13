import type { Db } from '../db.js';
import type { RevokedTokenRow } from './rows.js';

/** Returns false when the token was already revoked. */
export async function insertRevokedToken(db: Db, row: RevokedTokenRow): Promise<boolean> {
  const { changes } = await db.run(
    `${insertOrIgnore(db)} INTO revoked_tokens (jti, client_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)${onConflict(db)}`,
    [row.jti, row.client_id, row.expires_at, row.revoked_at],
  );
  return changes === 1;
}

function insertOrIgnore(db: Db): string {
  return db.dialect === 'postgres' ? 'INSERT' : 'INSERT OR IGNORE';
}

function onConflict(db: Db): string {
  return db.dialect === 'postgres' ? ' ON CONFLICT DO NOTHING' : '';
}

export function listRevokedTokens(db: Db, now: number): Promise<RevokedTokenRow[]> {
  return db.all<RevokedTokenRow>('SELECT * FROM revoked_tokens WHERE expires_at >= ?', [now]);
}

export function findRevokedToken(db: Db, jti: string): Promise<RevokedTokenRow | undefined> {
  return db.get<RevokedTokenRow>('SELECT * FROM revoked_tokens WHERE jti = ?', [jti]);
}

/** The rows of many token ids at once: a flood of revocations is read back in a few queries. */
export async function findRevokedTokens(db: Db, jtis: readonly string[]): Promise<RevokedTokenRow[]> {
  const rows: RevokedTokenRow[] = [];
  for (let i = 0; i < jtis.length; i += 500) {
    const batch = jtis.slice(i, i + 500);
    rows.push(
      ...(await db.all<RevokedTokenRow>(
        `SELECT * FROM revoked_tokens WHERE jti IN (${batch.map(() => '?').join(', ')})`,
        batch,
      )),
    );
  }
  return rows;
}

/**
 * Records a client assertion's `jti` as used. Returns false when it was already used:
 * the primary key makes the check and the record one atomic step across instances.
 */
export async function recordAssertionJti(
  db: Db,
  clientId: string,
  jti: string,
  expiresAt: number,
): Promise<boolean> {
  const { changes } = await db.run(
    `${insertOrIgnore(db)} INTO used_assertions (client_id, jti, expires_at) VALUES (?, ?, ?)${onConflict(db)}`,
    [clientId, jti, expiresAt],
  );
  return changes === 1;
}

export async function purgeExpiredTokenRecords(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM revoked_tokens WHERE expires_at < ?', [now]);
  await db.run('DELETE FROM used_assertions WHERE expires_at < ?', [now]);
}

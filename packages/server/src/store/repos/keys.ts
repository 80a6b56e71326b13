import type { Db } from '../db.js';
import type { KeyState, SigningKeyRow } from './rows.js';

export async function insertKey(db: Db, row: SigningKeyRow): Promise<void> {
  await db.run(
    `INSERT INTO signing_keys (kid, alg, state, public_jwk, private_key, created_at, activated_at, retired_at, publish_until)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.kid,
      row.alg,
      row.state,
      row.public_jwk,
      row.private_key,
      row.created_at,
      row.activated_at,
      row.retired_at,
      row.publish_until,
    ],
  );
}

export function listKeys(db: Db): Promise<SigningKeyRow[]> {
  return db.all<SigningKeyRow>('SELECT * FROM signing_keys ORDER BY alg, created_at, kid');
}

export async function setKeyState(
  db: Db,
  kid: string,
  state: KeyState,
  fields: { activated_at?: number; retired_at?: number; publish_until?: number },
): Promise<void> {
  await db.run(
    `UPDATE signing_keys SET state = ?,
       activated_at = COALESCE(?, activated_at),
       retired_at = COALESCE(?, retired_at),
       publish_until = COALESCE(?, publish_until)
     WHERE kid = ?`,
    [state, fields.activated_at ?? null, fields.retired_at ?? null, fields.publish_until ?? null, kid],
  );
}

/** Retired keys whose every token has expired no longer need publishing. */
export async function deleteExpiredKeys(db: Db, now: number): Promise<number> {
  const { changes } = await db.run(
    "DELETE FROM signing_keys WHERE state = 'retired' AND publish_until IS NOT NULL AND publish_until < ?",
    [now],
  );
  return changes;
}

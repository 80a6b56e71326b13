import type { Db } from '../db.js';

/**
 * Records a signature as used, in one conditional statement so that concurrent requests on
 * several instances cannot both pass: true when it is new, false when it was seen already.
 */
export async function claimSignature(db: Db, signature: string, expiresAt: number): Promise<boolean> {
  const { changes } = await db.run(
    'INSERT INTO seen_signatures (signature, expires_at) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING',
    [signature, expiresAt],
  );
  return changes === 1;
}

export async function purgeSeenSignatures(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM seen_signatures WHERE expires_at < ?', [now]);
}

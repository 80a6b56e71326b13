import type { Db } from '../db.js';

export interface PoolAuthCodeRow {
  /** SHA-256 of the code. */
  code_hash: string;
  pool_id: string;
  client_id: string;
  sub: string;
  session_id_hash: string | null;
  redirect_uri: string;
  scope: string;
  nonce: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  auth_time: number;
  expires_at: number;
  used_at: number | null;
  /** Set when redeemed: the refresh family it started. */
  family_id: string | null;
  /** JSON array of the access token jtis issued for it, revoked if the code comes back. */
  access_jtis: string | null;
}

/** Every column of pool_auth_codes, in one order for the statements that name them all. */
export const POOL_AUTH_CODE_COLUMNS: readonly (keyof PoolAuthCodeRow)[] = [
  'code_hash',
  'pool_id',
  'client_id',
  'sub',
  'session_id_hash',
  'redirect_uri',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'auth_time',
  'expires_at',
  'used_at',
  'family_id',
  'access_jtis',
];

const INSERT_CODE = `INSERT INTO pool_auth_codes (${POOL_AUTH_CODE_COLUMNS.join(', ')})
  VALUES (${POOL_AUTH_CODE_COLUMNS.map(() => '?').join(', ')})`;

export async function insertPoolAuthCode(db: Db, c: PoolAuthCodeRow): Promise<void> {
  await db.run(
    INSERT_CODE,
    POOL_AUTH_CODE_COLUMNS.map((column) => c[column]),
  );
}

export function findPoolAuthCode(db: Db, codeHash: string): Promise<PoolAuthCodeRow | undefined> {
  return db.get<PoolAuthCodeRow>('SELECT * FROM pool_auth_codes WHERE code_hash = ?', [codeHash]);
}

/**
 * Redeems a code in one conditional statement: true for exactly one caller, however many
 * requests or instances present it at once. A false answer for a code that exists is a replay
 * (RFC 6749 §10.5): the caller revokes what the first redemption issued.
 */
export async function consumePoolAuthCode(db: Db, codeHash: string, now: number): Promise<boolean> {
  const { changes } = await db.run(
    'UPDATE pool_auth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
    [now, codeHash, now],
  );
  return changes > 0;
}

/**
 * Redeems a code and records what the redemption issued in one conditional statement: true for
 * exactly one caller, as consumePoolAuthCode, with no moment where the code is spent but its
 * refresh family and access jtis unknown to a replay.
 */
export async function redeemPoolAuthCode(
  db: Db,
  codeHash: string,
  now: number,
  issued: { familyId: string | null; accessJtis: readonly string[] },
): Promise<boolean> {
  const { changes } = await db.run(
    `UPDATE pool_auth_codes SET used_at = ?, family_id = ?, access_jtis = ?
     WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
    [now, issued.familyId, JSON.stringify(issued.accessJtis), codeHash, now],
  );
  return changes > 0;
}

/** What the redemption issued, so a replay of the code can revoke it. */
export async function recordPoolAuthCodeIssue(
  db: Db,
  codeHash: string,
  issued: { familyId: string | null; accessJtis: readonly string[] },
): Promise<void> {
  await db.run('UPDATE pool_auth_codes SET family_id = ?, access_jtis = ? WHERE code_hash = ?', [
    issued.familyId,
    JSON.stringify(issued.accessJtis),
    codeHash,
  ]);
}

/** Codes live a minute; a used one is kept as long so that its replay is recognised. */
export async function purgePoolAuthCodes(db: Db, before: number): Promise<void> {
  await db.run('DELETE FROM pool_auth_codes WHERE expires_at < ?', [before]);
}

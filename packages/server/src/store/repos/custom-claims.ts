import type { Db } from '../db.js';
import { recordChange } from './changes.js';

/** Static claims as stored: a JSON object, never empty (no claims is NULL). */
export type StoredClaims = Readonly<Record<string, unknown>>;

// Claims are validated by services/claim-rules.ts before they get here; this file only knows
// where they live. Each write records a change of the owner's kind in the same transaction, so
// every instance's token path reloads the owner within its poll interval, whoever wrote it.

function encode(claims: StoredClaims | null): string | null {
  return claims === null || Object.keys(claims).length === 0 ? null : JSON.stringify(claims);
}

/** The parsed column; a value that is not a JSON object (hand-edited) reads as none. */
export function decodeClaims(text: string | null | undefined): StoredClaims | null {
  if (text === null || text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as StoredClaims)
      : null;
  } catch {
    return null;
  }
}

/** Replaces a client's static claims (null or {} clears them). False when the client does not exist. */
export async function setClientClaims(
  tx: Db,
  clientId: string,
  claims: StoredClaims | null,
  now: number = Date.now(),
): Promise<boolean> {
  const { changes } = await tx.run('UPDATE clients SET claims = ?, updated_at = ? WHERE client_id = ?', [
    encode(claims),
    now,
    clientId,
  ]);
  if (changes > 0) await recordChange(tx, 'client', clientId, now);
  return changes > 0;
}

/** Replaces a resource server's static claims (by id). False when it does not exist. */
export async function setResourceServerClaims(
  tx: Db,
  resourceServerId: string,
  claims: StoredClaims | null,
  now: number = Date.now(),
): Promise<boolean> {
  const { changes } = await tx.run('UPDATE resource_servers SET claims = ?, updated_at = ? WHERE id = ?', [
    encode(claims),
    now,
    resourceServerId,
  ]);
  if (changes > 0) await recordChange(tx, 'resource_server', resourceServerId, now);
  return changes > 0;
}

export async function getClientClaims(db: Db, clientId: string): Promise<StoredClaims | null> {
  const row = await db.get<{ claims: string | null }>('SELECT claims FROM clients WHERE client_id = ?', [
    clientId,
  ]);
  return decodeClaims(row?.claims);
}

export async function getResourceServerClaims(
  db: Db,
  resourceServerId: string,
): Promise<StoredClaims | null> {
  const row = await db.get<{ claims: string | null }>('SELECT claims FROM resource_servers WHERE id = ?', [
    resourceServerId,
  ]);
  return decodeClaims(row?.claims);
}

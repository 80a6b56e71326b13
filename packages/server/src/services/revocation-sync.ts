import { randomBytes } from 'node:crypto';
import { MAX_TOKEN_TTL } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { isClientBlocked, listBlockedClientIds } from '../store/repos/clients.js';
import type { RevokedTokenRow } from '../store/repos/rows.js';
import { initSetting } from '../store/repos/settings.js';
import { findRevokedTokens, listRevokedTokens } from '../store/repos/tokens.js';
import { EXPIRY_SKEW_MS, RevocationList } from './revocation-list.js';

/** A deleted client's tokens may live this long after it goes (longest lifetime plus skew). */
export const TOKEN_HORIZON_MS = MAX_TOKEN_TTL * 1000 + 5 * 60_000;

/** The list, named after this store's change log in its cursors. */
export async function openRevocationList(db: Db, clock: Clock): Promise<RevocationList> {
  // Made once, shared by every instance on the store.
  const listId = await initSetting(db, 'revocation_list_id', randomBytes(9).toString('base64url'));
  return new RevocationList(listId, () => clock.now());
}

/** Everything the list holds, as the store has it at `now`. */
export async function readRevocations(
  db: Db,
  now: number,
): Promise<{ revoked: RevokedTokenRow[]; blocked: string[] }> {
  const revoked = await listRevokedTokens(db, now - EXPIRY_SKEW_MS);
  const blocked = await listBlockedClientIds(db, now - TOKEN_HORIZON_MS);
  return { revoked, blocked };
}

/**
 * Reads what one batch of the change log means for the list: `revokedAt` and `touched` map a
 * token id or a client id to the sequence number of its latest change. Nothing is applied
 * until the returned function runs, so a poll that lost its turn can drop it.
 */
export async function readRevocationChanges(
  db: Db,
  clock: Clock,
  revokedAt: ReadonlyMap<string, number>,
  touched: ReadonlyMap<string, number>,
): Promise<(list: RevocationList) => void> {
  const revoked = revokedAt.size > 0 ? await findRevokedTokens(db, [...revokedAt.keys()]) : [];
  const horizon = clock.now() - TOKEN_HORIZON_MS;
  const blocked = new Map<string, boolean>();
  for (const id of touched.keys()) blocked.set(id, await isClientBlocked(db, id, horizon));
  return (list) => {
    // In log order: a delta is everything past a sequence number, so the list keeps them sorted.
    const listed: { seq: number; apply: () => void }[] = [];
    for (const row of revoked) {
      const seq = revokedAt.get(row.jti) ?? 0;
      listed.push({ seq, apply: () => list.addRevoked(row.jti, row.expires_at, seq) });
    }
    for (const [id, isBlocked] of blocked) {
      const seq = touched.get(id) ?? 0;
      listed.push({ seq, apply: () => list.setBlocked(id, isBlocked, seq) });
    }
    for (const entry of listed.sort((a, b) => a.seq - b.seq)) entry.apply();
  };
}

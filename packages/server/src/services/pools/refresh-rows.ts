import type { AppClient } from '@gatehouse/schemas';
import { randomView } from '../../crypto/random-pool.js';
import { sha256Base64url } from '../../crypto/secrets.js';
import { timeOrderedUuid } from '../../crypto/time-ordered-id.js';
import type { PoolAuthCodeRow } from '../../store/repos/pool-auth-codes.js';
import type {
  PoolRefreshFamilyRow,
  PoolRefreshTokenEntry,
  RefreshTokenRef,
} from '../../store/repos/pool-refresh-tokens.js';
import type { PoolRecord } from './pool-access.js';
import { poolLifetimes } from './pool-tokens.js';

/**
 * `<family id>.<256 random bits>`: names where it is stored; only its SHA-256 is kept. Any UUID:
 * new families have version 7 ids, but families moved by migration 18 keep their version 4 ones.
 */
const FAMILY_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

/** A new family's id, ordered by time so families are stored in the order they begin. */
export const newFamilyId = (now: number) => timeOrderedUuid(now);

/** A refresh token of the family. */
export function newRefreshToken(familyId: string): string {
  return `${familyId}.${randomView(32).toString('base64url')}`;
}

/**
 * Where to look for a presented refresh token. Tokens issued before families were named in
 * them (43 characters, no dot) carry no family and are found through their hash alone.
 */
export function refreshTokenRef(token: string): RefreshTokenRef {
  return { familyId: FAMILY_TOKEN.exec(token)?.[1], tokenHash: sha256Base64url(token) };
}

/**
 * A new family and its first refresh token, from what the sign-in left (a code's row, or a
 * direct sign-in's person and scopes): the family ends with the client's refresh lifetime, and
 * the token goes idle sooner unless it is used.
 */
export function newRefreshFamily(
  pool: PoolRecord,
  client: AppClient,
  familyId: string,
  token: string,
  origin: Pick<PoolAuthCodeRow, 'sub' | 'scope' | 'auth_time' | 'session_id_hash'>,
  now: number,
): { family: PoolRefreshFamilyRow; first: PoolRefreshTokenEntry } {
  const lifetimes = poolLifetimes(pool, client);
  const familyEnd = now + lifetimes.refreshSeconds * 1000;
  return {
    family: {
      family_id: familyId,
      pool_id: pool.row.id,
      client_id: client.clientId,
      sub: origin.sub,
      scope: origin.scope,
      auth_time: origin.auth_time,
      session_id_hash: origin.session_id_hash,
      created_at: now,
      family_expires_at: familyEnd,
      revoked_at: null,
    },
    first: {
      family_id: familyId,
      token_hash: sha256Base64url(token),
      created_at: now,
      idle_expires_at: Math.min(now + lifetimes.refreshIdleSeconds * 1000, familyEnd),
      used_at: null,
    },
  };
}

import { randomBytes } from 'node:crypto';
import type { AppClient } from '@gatehouse/schemas';
import { sha256Base64url } from '../../crypto/secrets.js';
import type { PoolAuthCodeRow } from '../../store/repos/pool-auth-codes.js';
import type { PoolRefreshTokenRow } from '../../store/repos/pool-refresh-tokens.js';
import type { PoolRecord } from './pool-access.js';
import { poolLifetimes } from './pool-tokens.js';

/** 256-bit opaque value; only its SHA-256 is stored. */
export const newOpaque = () => randomBytes(32).toString('base64url');

/**
 * The first refresh token of a family, from what the sign-in left (a code's row, or a direct
 * sign-in's person and scopes): the family ends with the client's refresh lifetime, and the
 * token goes idle sooner unless it is used.
 */
export function newRefreshRow(
  pool: PoolRecord,
  client: AppClient,
  token: string,
  familyId: string,
  code: Pick<PoolAuthCodeRow, 'sub' | 'scope' | 'auth_time' | 'session_id_hash'>,
  now: number,
): PoolRefreshTokenRow {
  const lifetimes = poolLifetimes(pool, client);
  const familyEnd = now + lifetimes.refreshSeconds * 1000;
  return {
    token_hash: sha256Base64url(token),
    family_id: familyId,
    pool_id: pool.row.id,
    client_id: client.clientId,
    sub: code.sub,
    scope: code.scope,
    auth_time: code.auth_time,
    session_id_hash: code.session_id_hash,
    created_at: now,
    family_expires_at: familyEnd,
    idle_expires_at: Math.min(now + lifetimes.refreshIdleSeconds * 1000, familyEnd),
    used_at: null,
    revoked_at: null,
  };
}

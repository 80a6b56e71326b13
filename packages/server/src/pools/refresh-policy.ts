import { isScopeToken } from '@gatehouse/jws';
import { InvalidGrant, InvalidScope } from '../oauth/errors.js';

/** A refresh token with its family, as the policy reads it (epoch milliseconds, null when unset). */
export interface RefreshRecord {
  family_id: string;
  client_id: string;
  scope: string;
  family_expires_at: number;
  idle_expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export type RefreshDecision =
  /** Issue tokens; with rotation, a new refresh token for the family, idle until `idleExpiresAt`. */
  | { outcome: 'ok'; idleExpiresAt: number; familyExpiresAt: number }
  /** An already rotated token came back (RFC 9700 §4.14.2): revoke the whole family. */
  | { outcome: 'reused'; familyId: string }
  | { outcome: 'expired' }
  | { outcome: 'revoked' }
  /** RFC 6749 §10.4: refresh tokens are bound to the client they were issued to. */
  | { outcome: 'wrong-client' };

/**
 * Decides what a presented refresh token is worth at `now`. Order matters: a revoked family
 * stays revoked; a family past its absolute expiry is simply expired; a used token is reuse even
 * when its own idle time has run out, because the replay is the signal; then idle expiry.
 * With rotation off the row is never marked used, so it stays valid until it expires.
 */
export function decideRefresh(
  record: RefreshRecord,
  input: { now: number; clientId: string; idleSeconds: number },
): RefreshDecision {
  if (record.revoked_at !== null) return { outcome: 'revoked' };
  if (record.client_id !== input.clientId) return { outcome: 'wrong-client' };
  if (input.now >= record.family_expires_at) return { outcome: 'expired' };
  if (record.used_at !== null) return { outcome: 'reused', familyId: record.family_id };
  if (input.now >= record.idle_expires_at) return { outcome: 'expired' };
  return {
    outcome: 'ok',
    idleExpiresAt: Math.min(input.now + input.idleSeconds * 1000, record.family_expires_at),
    familyExpiresAt: record.family_expires_at,
  };
}

/**
 * The answer for every outcome but `ok`: all invalid_grant (RFC 6749 §5.2), with one description,
 * so the answer does not tell a thief whether the token was reused, revoked or someone else's.
 */
export function refreshRefusal(
  decision: Exclude<RefreshDecision, { outcome: 'ok' }> | { outcome: 'unknown' | 'user-inactive' },
): InvalidGrant {
  return new InvalidGrant('refresh token is invalid, expired or revoked', { outcome: decision.outcome });
}

/**
 * RFC 6749 §6: the new tokens' scope is the requested one, which must be within what was
 * granted; without a request, all of it. Returned in the granted order, without repeats.
 */
export function narrowScope(granted: string, requested: string | undefined): string[] {
  const grantedScopes = granted.split(' ').filter((s) => s !== '');
  if (requested === undefined) return grantedScopes;
  const wanted = new Set<string>();
  for (const token of requested.split(' ')) {
    if (token === '') continue;
    if (!isScopeToken(token)) throw new InvalidScope('scope contains characters RFC 6749 does not allow');
    if (!grantedScopes.includes(token)) {
      throw new InvalidScope(
        'a requested scope was not granted to this refresh token; scope can only narrow',
      );
    }
    wanted.add(token);
  }
  if (wanted.size === 0) throw new InvalidScope('no scope was requested');
  return grantedScopes.filter((s) => wanted.has(s));
}

import { InvalidGrant } from '../oauth/errors.js';

/** Codes live at most 60 s (issue 12; RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const CODE_LIFETIME_MS = 60_000;

/** The pool_auth_codes row as the policy reads it (epoch milliseconds). */
export interface AuthCodeRecord {
  client_id: string;
  redirect_uri: string;
  expires_at: number;
  used_at: number | null;
  /** Set when redeemed: the refresh family the code started. */
  family_id: string | null;
  /** JSON array of the access token ids issued for the code. */
  access_jtis: string | null;
}

export type CodeDecision =
  | { outcome: 'ok' }
  /** RFC 6749 §4.1.2 and §10.5: a second use is refused and what the first one issued is revoked. */
  | { outcome: 'reused'; familyId: string | null; accessJtis: string[] }
  | { outcome: 'expired' }
  | { outcome: 'wrong-client' }
  | { outcome: 'redirect-mismatch' };

/**
 * Decides a code redemption from the row as read. Reuse comes first, whoever presents the code:
 * a code seen twice has leaked, and revoking its tokens is the safe side. `ok` still has to win
 * the store's conditional `SET used_at … WHERE used_at IS NULL`; losing that race is reuse too.
 * redirect_uri is compared exactly (RFC 6749 §4.1.3); the pool always requires it at authorize.
 */
export function decideCodeRedemption(
  record: AuthCodeRecord,
  input: { now: number; clientId: string; redirectUri: string | undefined },
): CodeDecision {
  if (record.used_at !== null) {
    return { outcome: 'reused', familyId: record.family_id, accessJtis: parseJtis(record.access_jtis) };
  }
  if (record.client_id !== input.clientId) return { outcome: 'wrong-client' };
  if (input.now >= record.expires_at) return { outcome: 'expired' };
  if (input.redirectUri !== record.redirect_uri) return { outcome: 'redirect-mismatch' };
  return { outcome: 'ok' };
}

/** One answer for every refusal, so it says nothing about which check failed. */
export function codeRefusal(
  decision: Exclude<CodeDecision, { outcome: 'ok' }> | { outcome: 'unknown' },
): InvalidGrant {
  return new InvalidGrant(
    'authorization code is invalid, expired, already used, or was issued to another client or redirect_uri',
    {
      outcome: decision.outcome,
    },
  );
}

function parseJtis(value: string | null): string[] {
  if (value === null) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((j): j is string => typeof j === 'string') : [];
  } catch {
    return [];
  }
}

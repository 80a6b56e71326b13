import { readOwnJwt, type VerificationKeys } from '../oauth/own-jwt.js';

export type { VerificationKeys } from '../oauth/own-jwt.js';

export interface IdTokenHint {
  sub: string;
  /** Audiences, as a list whatever the token's form; the first is the client it was issued to. */
  aud: string[];
}

/**
 * Reads an id_token_hint (RP-Initiated Logout 1.0 §2): an ID token this pool issued, checked by
 * signature with the deployment's keys, issuer and `token_use`. Expiry is ignored on purpose:
 * the spec expects relying parties to send ID tokens that have since expired. Undefined when it
 * is not one of ours; an access token (`typ: at+jwt`, `token_use: access`) does not pass for one.
 */
export function readIdTokenHint(
  token: string,
  context: { poolIssuer: string; keys: VerificationKeys },
): IdTokenHint | undefined {
  const payload = readOwnJwt(context.keys, token, (typ) => typ === undefined || typ === 'JWT');
  if (payload === undefined) return undefined;
  if (payload.iss !== context.poolIssuer || payload.token_use !== 'id' || typeof payload.sub !== 'string') {
    return undefined;
  }
  const aud = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!Array.isArray(aud) || aud.length === 0 || !aud.every((a): a is string => typeof a === 'string')) {
    return undefined;
  }
  return { sub: payload.sub, aud };
}

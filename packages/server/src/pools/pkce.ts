import { createHash } from 'node:crypto';
import { safeEqual } from '../crypto/safe-equal.js';
import { sha256Base64url } from '../crypto/secrets.js';
import { InvalidGrant, InvalidRequest } from '../oauth/errors.js';

/** RFC 7636 §4.1: 43 to 128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is BASE64URL(SHA-256(verifier)): always exactly 43 characters, no padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Only S256: `plain` sends the secret itself through the browser, which PKCE exists to avoid. */
export const CODE_CHALLENGE_METHODS = ['S256'] as const;
export type CodeChallengeMethod = (typeof CODE_CHALLENGE_METHODS)[number];

export function isCodeVerifier(value: string): boolean {
  return VERIFIER.test(value);
}

export function isS256Challenge(value: string): boolean {
  return S256_CHALLENGE.test(value);
}

/** BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** What the authorization request left on the code. */
export interface StoredChallenge {
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

/**
 * Token endpoint check (RFC 7636 §4.6). A code issued with a challenge needs the matching
 * verifier; a code issued without one refuses a verifier (RFC 9700 §2.1.1: otherwise an
 * attacker could strip PKCE from the authorization request and go unnoticed).
 * Throws InvalidGrant or InvalidRequest; returns when the proof holds.
 */
export function verifyPkce(stored: StoredChallenge, verifier: string | undefined): void {
  if (stored.codeChallenge === null) {
    if (verifier !== undefined) {
      throw new InvalidGrant('code_verifier sent, but the authorization request had no code_challenge');
    }
    return;
  }
  if (verifier === undefined) throw new InvalidGrant('code_verifier is required for this code');
  if (!isCodeVerifier(verifier)) {
    throw new InvalidRequest('code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~');
  }
  // Codes are only ever stored with S256; anything else is a record this module did not write.
  if (stored.codeChallengeMethod !== 'S256') throw new InvalidGrant('PKCE verification failed');
  // The verifier is ASCII now, so SHA-256 of its UTF-8 is RFC 7636's SHA256(ASCII(code_verifier)).
  if (!safeEqual(sha256Base64url(verifier), stored.codeChallenge)) {
    throw new InvalidGrant('PKCE verification failed');
  }
}

import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: 43 characters, which is also RFC 7636's shortest code verifier. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export function codeChallengeS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

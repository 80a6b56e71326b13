import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digestBase64url, digestOf } from './one-shot-hash.js';

// Lets secret scanners (GitHub, gitleaks) recognise a leaked Gatehouse client secret.
const SECRET_PREFIX = 'ghs_';
const SECRET_BYTES = 32;
// Real secrets are 47 characters; the cap bounds the hashing an attacker can ask of us.
const MAX_PRESENTED_LENGTH = 512;
const SHA256_BYTES = 32;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new client secret: `ghs_` + 256 random bits as base64url (47 characters in all). */
export function generateClientSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * SHA-256 of the secret, for storage. A slow password hash (bcrypt, scrypt, argon2) protects
 * low-entropy human passwords; against 256 random bits it adds nothing an attacker would
 * notice, while costing the token endpoint most of its throughput.
 */
export function hashSecret(secret: string): Buffer {
  return digestOf('sha256', secret);
}

/**
 * SHA-256 as base64url, for storing bearer values that are random already (session cookies,
 * setup tokens, login states): the store never holds a value that could be replayed.
 */
export function sha256Base64url(value: string): string {
  return digestBase64url('sha256', value);
}

/** Constant-time check of a presented secret against a stored hash. Never throws. */
export function secretMatches(presented: string, storedHash: Buffer): boolean {
  const ok = typeof presented === 'string' && presented.length <= MAX_PRESENTED_LENGTH;
  // Hash even when the answer is already known, so an odd input does not answer faster.
  const hash = hashSecret(ok ? presented : '');
  if (!Buffer.isBuffer(storedHash) || storedHash.length !== SHA256_BYTES) return false;
  return timingSafeEqual(hash, storedHash) && ok;
}

/** RFC 4648 base32, lowercased, without padding: safe in URLs, file names and case-folding systems. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** An opaque id such as `sec_…` or `rs_…`: prefix + base32 of `bytes` random bytes. */
export function randomId(prefix: string, bytes = 16): string {
  return prefix + base32(randomBytes(bytes));
}

/** A client id in Cognito's style: 26 lowercase base32 characters (128 random bits), no prefix. */
export function generateClientId(): string {
  return base32(randomBytes(16));
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of [A-Za-z0-9], each uniformly random (bytes past 247 are drawn again). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: keeping only bytes below it makes every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

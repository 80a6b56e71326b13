import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { G, modPowN, N } from './srp-group.js';

// SRP-6a the way Cognito and its SDKs (amazon-cognito-identity-js's AuthenticationHelper, the
// AWS SDKs' SRP helpers) compute it. Every hash input is a hex string as padHex writes it, so
// matching byte for byte matters more here than matching RFC 5054's PAD().

const INFO = Buffer.from('Caldera Derived Key', 'utf8');
const KEY_BYTES = 16;

const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const hexHash = (hex: string): string => sha256Hex(Buffer.from(hex, 'hex'));
const hexInt = (hex: string): bigint => BigInt(`0x${hex}`);

/**
 * A non-negative integer in hex as Java's BigInteger.toByteArray() writes it: whole bytes, and
 * a leading 00 when the top bit is set, so the value never reads as negative.
 */
export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError('padHex takes non-negative values');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** The multiplier k = H(N | g). */
export const K = hexInt(hexHash(padHex(N) + padHex(G)));

/**
 * The private x = H(salt | H(poolName | userId | ':' | password)), where poolName is the part of
 * the pool id after '_' and userId is USER_ID_FOR_SRP. The password goes in as UTF-8, as typed.
 */
export function passwordX(salt: bigint, poolName: string, userId: string, password: string): bigint {
  const inner = sha256Hex(Buffer.from(`${poolName}${userId}:${password}`, 'utf8'));
  return hexInt(hexHash(padHex(salt) + inner));
}

/** The verifier v = g^x mod N: what the server keeps instead of the password. */
export const verifierOf = (x: bigint): bigint => modPowN(G, x);

/** The server's public value B = (k·v + g^b) mod N, from g^b raised elsewhere (off the event loop). */
export const serverPublicOf = (v: bigint, gb: bigint): bigint => (K * v + gb) % N;

/** The server's public value B = (k·v + g^b) mod N. */
export const serverPublic = (v: bigint, b: bigint): bigint => serverPublicOf(v, modPowN(G, b));

/** The scrambler u = H(A | B), with A as the client sent it. */
export const scrambler = (a: bigint, b: bigint): bigint => hexInt(hexHash(padHex(a) + padHex(b)));

/** The shared S = (A · v^u)^b mod N. */
export const serverSecret = (a: bigint, v: bigint, u: bigint, b: bigint): bigint =>
  modPowN(((a % N) * modPowN(v, u)) % N, b);

/** The 16-byte key: HKDF-SHA256 with S as input, u as salt and Cognito's info string. */
export function sessionKey(s: bigint, u: bigint): Buffer {
  const ikm = Buffer.from(padHex(s), 'hex');
  const salt = Buffer.from(padHex(u), 'hex');
  return Buffer.from(hkdfSync('sha256', ikm, salt, INFO, KEY_BYTES));
}

/** PASSWORD_CLAIM_SIGNATURE: Base64(HMAC-SHA256(key, poolName | userId | secretBlock | timestamp)). */
export function claimSignature(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlock: Buffer,
  timestamp: string,
): string {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userId, 'utf8'))
    .update(secretBlock)
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
}

/** Cognito's pool name for SRP: the pool id after its region and '_' (`local_AbC123xyz` → `AbC123xyz`). */
export function srpPoolName(poolId: string): string {
  return poolId.split('_')[1] ?? '';
}

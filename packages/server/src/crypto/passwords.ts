import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are low-entropy and chosen by people, so unlike client secrets they get a
 * memory-hard hash: scrypt with N=2^15, r=8 (32 MiB per hash), stored with its parameters
 * so they can be raised later without breaking old hashes.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const MAX_MEM = 128 * N * R * 2;
/** Bounds the work a single sign-in attempt can ask of the server. */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: n, r, p, maxmem: MAX_MEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A stand-in hash, so an unknown email costs as much time as a wrong password. */
let dummy: Promise<string> | undefined;

/** Constant-time check; `stored` null (no password set) still does the work and answers false. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const encoded = stored ?? (await (dummy ??= hashPassword(randomBytes(16).toString('hex'))));
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(
    password.slice(0, MAX_PASSWORD_LENGTH),
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
  );
  return stored !== null && key.length === expected.length && timingSafeEqual(key, expected);
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are low-entropy and chosen by people, so unlike client secrets they get a
 * memory-hard hash: scrypt with N=2^15, r=8 (32 MiB per hash), stored with its parameters
 * so they can be raised later without breaking old hashes. The work itself runs in
 * password-hasher.ts, under a concurrency limit and off the thread pool that signs tokens.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
export const KEY_BYTES = 32;
/** Bounds the work a single sign-in attempt can ask of the server. */
const MAX_PASSWORD_LENGTH = 1024;
/** Stored parameters above these are refused rather than run: a hash row must not buy unbounded work. */
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 4;

/** What one scrypt run needs; plain data, so it can cross to a worker thread. */
export interface ScryptJob {
  password: string;
  salt: Buffer;
  n: number;
  r: number;
  p: number;
}

export interface ParsedHash {
  job: Omit<ScryptJob, 'password'>;
  expected: Buffer;
}

export function scryptMaxmem(job: Pick<ScryptJob, 'n' | 'r' | 'p'>): number {
  return 128 * job.n * job.r * (job.p + 1) + 1024 * 1024;
}

export function newHashJob(password: string): ScryptJob {
  return { password: passwordInput(password), salt: randomBytes(16), n: N, r: R, p: P };
}

export function encodeHash(job: ScryptJob, key: Buffer): string {
  return `scrypt$${job.n}$${job.r}$${job.p}$${job.salt.toString('base64url')}$${key.toString('base64url')}`;
}

export function parseHash(encoded: string): ParsedHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const job = { salt: Buffer.from(salt, 'base64url'), n: Number(n), r: Number(r), p: Number(p) };
  const sane =
    Number.isInteger(job.n) &&
    job.n > 1 &&
    job.n <= MAX_N &&
    (job.n & (job.n - 1)) === 0 &&
    Number.isInteger(job.r) &&
    job.r >= 1 &&
    job.r <= MAX_R &&
    Number.isInteger(job.p) &&
    job.p >= 1 &&
    job.p <= MAX_P;
  return sane ? { job, expected: Buffer.from(hash, 'base64url') } : undefined;
}

/**
 * A stand-in for accounts without a password, and for unknown emails: random salt and random
 * "hash" with today's parameters, so checking against it costs exactly what a real check costs
 * and can never succeed.
 */
export const DUMMY_HASH = encodeHash(
  { password: '', salt: randomBytes(16), n: N, r: R, p: P },
  randomBytes(KEY_BYTES),
);

export function keysMatch(key: Buffer, expected: Buffer): boolean {
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Passwords longer than the limit are cut, not refused, so the length says nothing about the account. */
export function passwordInput(password: string): string {
  return password.slice(0, MAX_PASSWORD_LENGTH).normalize('NFC');
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Argon2Job, encodeArgon2, newArgon2Job, parseArgon2 } from './argon2-hash.js';

/**
 * Portal accounts' passwords are low-entropy and chosen by people, so unlike client secrets they get a
 * memory-hard hash: scrypt with N=2^15, r=8 (32 MiB per hash), stored with its parameters
 * so they can be raised later without breaking old hashes. The work itself runs in
 * password-hasher.ts, under a concurrency limit and off the thread pool that signs tokens.
 * Pool users' passwords use argon2id (argon2-hash.ts); a stored hash says which it is.
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
  kind: 'scrypt';
  password: string;
  salt: Buffer;
  n: number;
  r: number;
  p: number;
}

/** The kinds of hash Gatehouse makes: scrypt for portal accounts, argon2id for pool users. */
export type HashKind = 'scrypt' | 'argon2id';
export type HashJob = ScryptJob | Argon2Job;

/**
 * A power modulo SRP's 3072-bit prime (hex in, hex out): the costly part of an SRP sign-in,
 * run on the same threads and under the same limits as password hashes.
 */
export interface ModPowJob {
  kind: 'modpow';
  base: string;
  exponent: string;
}

/** What a password worker is given. */
export type WorkerJob = HashJob | ModPowJob;

export interface ParsedHash {
  job: Omit<ScryptJob, 'password'> | Omit<Argon2Job, 'password'>;
  expected: Buffer;
}

export function scryptMaxmem(job: Pick<ScryptJob, 'n' | 'r' | 'p'>): number {
  return 128 * job.n * job.r * (job.p + 1) + 1024 * 1024;
}

export function newHashJob(password: string, kind: HashKind = 'scrypt'): HashJob {
  if (kind === 'argon2id') return newArgon2Job(passwordInput(password));
  return { kind: 'scrypt', password: passwordInput(password), salt: randomBytes(16), n: N, r: R, p: P };
}

export function encodeHash(job: HashJob, key: Buffer): string {
  if (job.kind === 'argon2id') return encodeArgon2(job, key);
  return `scrypt$${job.n}$${job.r}$${job.p}$${job.salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Either kind, told apart by its prefix; undefined when unreadable or asking for too much work. */
export function parseHash(encoded: string): ParsedHash | undefined {
  if (encoded.startsWith('$argon2id$')) return parseArgon2(encoded);
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const job = {
    kind: 'scrypt' as const,
    salt: Buffer.from(salt, 'base64url'),
    n: Number(n),
    r: Number(r),
    p: Number(p),
  };
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
 * Stand-ins for accounts without a password, and for unknown users: random salt and random
 * "hash" with today's parameters, so checking against one costs exactly what a real check of
 * that kind costs and can never succeed.
 */
export const DUMMY_HASHES: Readonly<Record<HashKind, string>> = {
  scrypt: encodeHash(newHashJob('', 'scrypt'), randomBytes(KEY_BYTES)),
  argon2id: encodeHash(newHashJob('', 'argon2id'), randomBytes(KEY_BYTES)),
};

export function keysMatch(key: Buffer, expected: Buffer): boolean {
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Passwords longer than the limit are cut, not refused, so the length says nothing about the account. */
export function passwordInput(password: string): string {
  return password.slice(0, MAX_PASSWORD_LENGTH).normalize('NFC');
}

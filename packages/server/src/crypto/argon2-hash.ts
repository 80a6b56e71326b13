import { randomBytes } from 'node:crypto';

/**
 * Pool users' passwords: argon2id (RFC 9106) with OWASP's first recommended setting, 19 MiB,
 * two passes, one lane: about 20 ms a hash on one core. Stored as the PHC string every
 * argon2 library reads, so hashes move in and out of Gatehouse (imports from other systems).
 */
export const ARGON2_MEMORY_KIB = 19_456;
export const ARGON2_PASSES = 2;
export const ARGON2_LANES = 1;
const SALT_BYTES = 16;
export const ARGON2_KEY_BYTES = 32;
/** Stored parameters above these are refused rather than run: a hash row must not buy unbounded work. */
const MAX_MEMORY_KIB = 256 * 1024;
const MAX_PASSES = 10;
const MAX_LANES = 4;

/** What one argon2id run needs; plain data, so it can cross to a worker thread. */
export interface Argon2Job {
  kind: 'argon2id';
  password: string;
  salt: Buffer;
  memoryKib: number;
  passes: number;
  lanes: number;
  keyBytes: number;
}

export function newArgon2Job(password: string): Argon2Job {
  return {
    kind: 'argon2id',
    password,
    salt: randomBytes(SALT_BYTES),
    memoryKib: ARGON2_MEMORY_KIB,
    passes: ARGON2_PASSES,
    lanes: ARGON2_LANES,
    keyBytes: ARGON2_KEY_BYTES,
  };
}

// PHC strings use base64 without padding.
const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

export function encodeArgon2(job: Argon2Job, key: Buffer): string {
  return `$argon2id$v=19$m=${job.memoryKib},t=${job.passes},p=${job.lanes}$${b64(job.salt)}$${b64(key)}`;
}

const PHC =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,64})\$([A-Za-z0-9+/]{22,128})$/;

/** A stored `$argon2id$v=19$…` string; undefined when it is not one or asks for too much work. */
export function parseArgon2(
  encoded: string,
): { job: Omit<Argon2Job, 'password'>; expected: Buffer } | undefined {
  const match = PHC.exec(encoded);
  if (!match) return undefined;
  const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const memoryKib = Number(m);
  const passes = Number(t);
  const lanes = Number(p);
  const expected = Buffer.from(hash, 'base64');
  const sane =
    lanes >= 1 &&
    lanes <= MAX_LANES &&
    passes >= 1 &&
    passes <= MAX_PASSES &&
    memoryKib >= 8 * lanes &&
    memoryKib <= MAX_MEMORY_KIB &&
    expected.length >= 16;
  if (!sane) return undefined;
  return {
    job: {
      kind: 'argon2id',
      salt: Buffer.from(salt, 'base64'),
      memoryKib,
      passes,
      lanes,
      keyBytes: expected.length,
    },
    expected,
  };
}

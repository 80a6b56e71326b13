import type { AssertionAlg } from './algorithms.js';

/** How each algorithm signs and verifies with node:crypto. */
export interface AlgSpec {
  hash: string | null;
  family: 'ec' | 'rsa' | 'pss' | 'okp';
  /** OpenSSL curve name for ES*: a P-384 key must not pass as ES256. */
  curve?: string;
  /** Raw r||s length for ES*; anything else is malformed, not merely wrong. */
  sigLength?: number;
  saltLength?: number;
}

const ALGS: Record<AssertionAlg, AlgSpec> = {
  ES256: { hash: 'sha256', family: 'ec', curve: 'prime256v1', sigLength: 64 },
  ES384: { hash: 'sha384', family: 'ec', curve: 'secp384r1', sigLength: 96 },
  ES512: { hash: 'sha512', family: 'ec', curve: 'secp521r1', sigLength: 132 },
  RS256: { hash: 'sha256', family: 'rsa' },
  RS384: { hash: 'sha384', family: 'rsa' },
  RS512: { hash: 'sha512', family: 'rsa' },
  PS256: { hash: 'sha256', family: 'pss', saltLength: 32 },
  PS384: { hash: 'sha384', family: 'pss', saltLength: 48 },
  PS512: { hash: 'sha512', family: 'pss', saltLength: 64 },
  EdDSA: { hash: null, family: 'okp' },
};

// `alg` often comes straight from an untrusted header; `__proto__` must not look like an algorithm.
export function specFor(alg: string): AlgSpec | undefined {
  return Object.hasOwn(ALGS, alg) ? ALGS[alg as AssertionAlg] : undefined;
}

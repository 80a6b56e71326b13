import type { KeyObject } from 'node:crypto';

/** One key a signing thread learns before its first use: `ref` is `<kid>|<typ>`. */
export interface SigningKey {
  ref: string;
  alg: string;
  key: KeyObject;
}

/**
 * Claims travel as JSON text: a string crosses to another thread as one copy, where an object
 * is cloned key by key.
 */
export interface SigningJob {
  access: { ref: string; json: string };
  /**
   * Signed after the access token, with its at_hash (OIDC Core §3.1.3.6) for `alg` appended to
   * these claims, which must not hold one.
   */
  id?: { ref: string; alg: string; json: string };
}

export interface SigningBatch {
  keys: SigningKey[];
  jobs: SigningJob[];
}

export type SigningResult = { tokens: string[] } | { error: string };

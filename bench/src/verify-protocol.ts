/** Messages between the verify suite and its per-library worker processes (verify-worker.ts). */

export const VERIFY_FLOOR = 'bare node:crypto floor';

/**
 * The last is no library: the least an honest verifier on node:crypto can do, so the table shows
 * how much of every figure is the signature check itself.
 */
export const VERIFY_LIBRARIES = ['@gatehouse/verify', 'jose', 'aws-jwt-verify', VERIFY_FLOOR] as const;
export type VerifyLibrary = (typeof VERIFY_LIBRARIES)[number];

export const VERIFY_ALGS = ['ES256', 'RS256'] as const;
export type VerifyAlg = (typeof VERIFY_ALGS)[number];

/** Tokens that every library must refuse, per algorithm; the sanity check runs them before any timing. */
export interface BadTokens {
  wrongAudience: string;
  wrongIssuer: string;
  badSignature: string;
  wrongTyp: string;
  expired: string;
}

export interface SetupMessage {
  kind: 'setup';
  issuer: string;
  audience: string;
  /** The public JWKS, both algorithms' keys. */
  jwks: { keys: Record<string, unknown>[] };
  /** A jti on the issuer's revocation list (only @gatehouse/verify has a revocation list to check). */
  revokedJti: string;
  pools: Record<VerifyAlg, string[]>;
  bad: Record<VerifyAlg, BadTokens>;
  /** A valid token whose jti is on the revocation list, per algorithm. */
  revoked: Record<VerifyAlg, string>;
  /** client_id every pool token carries. */
  clientId: string;
}

export interface MeasureMessage {
  kind: 'measure';
  alg: VerifyAlg;
  seconds: number;
}

export type ToWorker = SetupMessage | MeasureMessage;

export interface SanityResult {
  alg: VerifyAlg;
  /** 'valid', or the BadTokens case, or 'revoked'. */
  case: string;
  ok: boolean;
  detail: string;
}

export interface ReadyMessage {
  kind: 'ready';
  sanity: SanityResult[];
}

export interface MeasuredMessage {
  kind: 'measured';
  /** Verifications completed (each one awaited before the next starts). */
  count: number;
  elapsedMs: number;
  /** CPU time of the whole worker process (every thread, including libuv's pool) meanwhile. */
  cpuMs: number;
  /** Tokens that did not verify during the run: must be 0. */
  failures: number;
}

export interface FailedMessage {
  kind: 'failed';
  error: string;
}

export type FromWorker = ReadyMessage | MeasuredMessage | FailedMessage;

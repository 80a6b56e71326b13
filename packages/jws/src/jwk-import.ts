import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  ASSERTION_ALGS,
  type AssertionAlg,
  keyFitsAlg,
  RSA_MAX_BITS,
  RSA_MIN_BITS,
  verifyKeyProblem,
} from './algorithms.js';

/** A client's registered public key, ready for `private_key_jwt` verification. */
export interface PublicKeyEntry {
  kid?: string;
  alg?: string;
  key: KeyObject;
}

export class JwksError extends Error {
  override name = 'JwksError';
}

/** A client's JWKS holds at most this many keys, registered or fetched. */
export const MAX_JWKS_KEYS = 10;
const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const OKP_CURVES = new Set(['Ed25519', 'Ed448']);
// `oth` carries extra RSA primes: private too.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAssertionAlg(alg: string): alg is AssertionAlg {
  return (ASSERTION_ALGS as readonly string[]).includes(alg);
}

function requireStrings(
  jwk: Record<string, unknown>,
  names: string[],
  fail: (reason: string) => never,
): void {
  for (const name of names) {
    if (typeof jwk[name] !== 'string' || jwk[name] === '') fail(`"${name}" is missing or not a string`);
  }
}

/** A big-endian unsigned integer without its leading zero octets, which some encoders write. */
function unsigned(base64url: string): Buffer {
  const octets = Buffer.from(base64url, 'base64url');
  let start = 0;
  while (start < octets.length - 1 && octets[start] === 0) start++;
  return octets.subarray(start);
}

function bitLength(value: Buffer): number {
  return value.length === 0 ? 0 : (value.length - 1) * 8 + (value[0] ?? 0).toString(2).length;
}

function checkExponent(e: string, fail: (reason: string) => never): void {
  const value = unsigned(e);
  if (value.length === 3 && value[0] === 1 && value[1] === 0 && value[2] === 1) return;
  fail(`RSA keys must use the public exponent 65537 ("AQAB"), got a ${bitLength(value)}-bit exponent`);
}

function checkModulus(n: string, fail: (reason: string) => never): void {
  const bits = bitLength(unsigned(n));
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
    fail(`RSA keys must have ${RSA_MIN_BITS} to ${RSA_MAX_BITS} bits, got ${bits}`);
  }
}

// Only the public members reach createPublicKey, so nothing unexpected is interpreted.
function publicJwk(jwk: Record<string, unknown>, fail: (reason: string) => never): JsonWebKey {
  switch (jwk.kty) {
    case 'EC':
      if (typeof jwk.crv !== 'string' || !EC_CURVES.has(jwk.crv)) {
        fail(`EC curve must be P-256, P-384 or P-521, got ${JSON.stringify(jwk.crv)}`);
      }
      requireStrings(jwk, ['x', 'y'], fail);
      return { kty: 'EC', crv: jwk.crv, x: jwk.x as string, y: jwk.y as string };
    case 'RSA':
      requireStrings(jwk, ['n', 'e'], fail);
      // Refused before OpenSSL parses them: nothing is spent on an absurd modulus or exponent.
      checkExponent(jwk.e as string, fail);
      checkModulus(jwk.n as string, fail);
      return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string };
    case 'OKP':
      if (typeof jwk.crv !== 'string' || !OKP_CURVES.has(jwk.crv)) {
        fail(`OKP curve must be Ed25519 or Ed448, got ${JSON.stringify(jwk.crv)}`);
      }
      requireStrings(jwk, ['x'], fail);
      return { kty: 'OKP', crv: jwk.crv, x: jwk.x as string };
    default:
      return fail(`kty must be "EC", "RSA" or "OKP", got ${JSON.stringify(jwk.kty)}`);
  }
}

/** `keys[3]`, or `keys[3] (kid "a")`: the name an error gives a key, so its owner finds it. */
function keyLabel(jwk: unknown, index: number): string {
  const kid = isObject(jwk) && typeof jwk.kid === 'string' ? jwk.kid : undefined;
  if (kid === undefined) return `keys[${index}]`;
  return `keys[${index}] (kid ${JSON.stringify(kid.length > 64 ? `${kid.slice(0, 64)}…` : kid)})`;
}

function importOne(jwk: unknown, index: number): PublicKeyEntry {
  const fail = (reason: string): never => {
    throw new JwksError(`${keyLabel(jwk, index)}: ${reason}`);
  };
  if (!isObject(jwk)) return fail('must be a JSON object');
  if (jwk.kty === 'oct') fail('symmetric keys (kty "oct") are not accepted');
  const found = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(jwk, m));
  if (found.length > 0) {
    fail(`private key members (${found.join(', ')}) must not be registered; publish only the public key`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') fail(`"use" must be "sig", got ${JSON.stringify(jwk.use)}`);
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) {
    fail('"key_ops", when present, must include "verify"');
  }
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') fail('"kid" must be a string');
  if (jwk.alg !== undefined && !(typeof jwk.alg === 'string' && isAssertionAlg(jwk.alg))) {
    fail(`"alg" must be one of ${ASSERTION_ALGS.join(', ')}, got ${JSON.stringify(jwk.alg)}`);
  }

  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicJwk(jwk, fail), format: 'jwk' });
  } catch (err) {
    if (err instanceof JwksError) throw err;
    return fail(`not a valid ${String(jwk.kty)} public key`);
  }
  const problem = verifyKeyProblem(key);
  if (problem !== undefined) fail(problem);
  const alg = jwk.alg as AssertionAlg | undefined;
  if (alg !== undefined && !keyFitsAlg(alg, key))
    fail(`"alg" ${alg} does not fit this ${String(jwk.kty)} key`);

  const result: PublicKeyEntry = { key };
  if (typeof jwk.kid === 'string') result.kid = jwk.kid;
  if (alg !== undefined) result.alg = alg;
  return result;
}

function checkSet(jwks: unknown): asserts jwks is { keys: unknown[] } {
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) {
    throw new JwksError('a JWKS must be a JSON object with a "keys" array');
  }
}

/**
 * Validates and imports a client's JWKS as it is registered. Throws JwksError naming the
 * offending key (index and kid) and the rule it breaks. Key ids must be unique, so that an
 * assertion's `kid` names exactly one key.
 */
export function importPublicJwks(jwks: unknown): PublicKeyEntry[] {
  checkSet(jwks);
  if (jwks.keys.length === 0) throw new JwksError('a JWKS must contain at least one key');
  if (jwks.keys.length > MAX_JWKS_KEYS) {
    throw new JwksError(`a JWKS may hold at most ${MAX_JWKS_KEYS} keys, got ${jwks.keys.length}`);
  }
  const seen = new Map<string, number>();
  return jwks.keys.map((jwk, index) => {
    const entry = importOne(jwk, index);
    if (entry.kid !== undefined) {
      const first = seen.get(entry.kid);
      if (first !== undefined) {
        throw new JwksError(
          `${keyLabel(jwk, index)}: the same kid as keys[${first}]; each kid must be unique`,
        );
      }
      seen.set(entry.kid, index);
    }
    return entry;
  });
}

export interface UsableJwks {
  keys: PublicKeyEntry[];
  /** One line per key left out: its name and the rule it breaks. */
  skipped: string[];
}

/**
 * The usable keys of a JWKS that was not checked on the way in (fetched from a jwks_uri, or
 * stored under older rules): keys that break a rule, or repeat a kid, are left out with the
 * reason, and only the first MAX_JWKS_KEYS entries are looked at. Throws JwksError only when
 * the document is not a JWKS at all.
 */
export function importUsableJwks(jwks: unknown): UsableJwks {
  checkSet(jwks);
  const keys: PublicKeyEntry[] = [];
  const skipped: string[] = [];
  const kids = new Set<string>();
  jwks.keys.slice(0, MAX_JWKS_KEYS).forEach((jwk, index) => {
    try {
      const entry = importOne(jwk, index);
      if (entry.kid !== undefined && kids.has(entry.kid)) {
        skipped.push(`${keyLabel(jwk, index)}: the same kid as an earlier key`);
        return;
      }
      if (entry.kid !== undefined) kids.add(entry.kid);
      keys.push(entry);
    } catch (error) {
      if (!(error instanceof JwksError)) throw error;
      skipped.push(error.message);
    }
  });
  if (jwks.keys.length > MAX_JWKS_KEYS) {
    skipped.push(`keys[${MAX_JWKS_KEYS}] and later: a JWKS may hold at most ${MAX_JWKS_KEYS} keys`);
  }
  return { keys, skipped };
}

/** An assertion without `kid` is tried against at most this many keys. */
export const MAX_CANDIDATES_WITHOUT_KID = 3;

/**
 * Keys that may have signed an assertion with this header: same `kid` when the header names one,
 * same `alg` when the JWK pins one, and of a type that can verify `alg` at all. Without a `kid`,
 * at most MAX_CANDIDATES_WITHOUT_KID keys, in JWKS order, so that a signature that matches
 * nothing costs a bounded number of checks.
 */
export function selectKeys(
  keys: readonly PublicKeyEntry[],
  kid: string | undefined,
  alg: AssertionAlg,
): KeyObject[] {
  const out: KeyObject[] = [];
  const limit = kid === undefined ? MAX_CANDIDATES_WITHOUT_KID : Number.POSITIVE_INFINITY;
  for (const k of keys) {
    if (out.length >= limit) break;
    if (kid !== undefined && k.kid !== kid) continue;
    if (k.alg !== undefined && k.alg !== alg) continue;
    if (!keyFitsAlg(alg, k.key)) continue;
    out.push(k.key);
  }
  return out;
}

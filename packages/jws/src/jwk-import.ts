import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ASSERTION_ALGS, type AssertionAlg, keyFitsAlg } from './jws.js';

/** A client's registered public key, ready for `private_key_jwt` verification. */
export interface PublicKeyEntry {
  kid?: string;
  alg?: string;
  key: KeyObject;
}

export class JwksError extends Error {
  override name = 'JwksError';
}

const MAX_KEYS = 20;
const MIN_RSA_BITS = 2048;
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

function importOne(jwk: unknown, index: number): PublicKeyEntry {
  const fail = (reason: string): never => {
    throw new JwksError(`keys[${index}]: ${reason}`);
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
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) fail(`RSA keys must be at least ${MIN_RSA_BITS} bits, got ${bits}`);
  }
  const alg = jwk.alg as AssertionAlg | undefined;
  if (alg !== undefined && !keyFitsAlg(alg, key))
    fail(`"alg" ${alg} does not fit this ${String(jwk.kty)} key`);

  const result: PublicKeyEntry = { key };
  if (typeof jwk.kid === 'string') result.kid = jwk.kid;
  if (alg !== undefined) result.alg = alg;
  return result;
}

/** Validates and imports a client's JWKS. Throws JwksError naming the offending key and why. */
export function importPublicJwks(jwks: unknown): PublicKeyEntry[] {
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) {
    throw new JwksError('a JWKS must be a JSON object with a "keys" array');
  }
  if (jwks.keys.length === 0) throw new JwksError('a JWKS must contain at least one key');
  if (jwks.keys.length > MAX_KEYS) {
    throw new JwksError(`a JWKS may hold at most ${MAX_KEYS} keys, got ${jwks.keys.length}`);
  }
  return jwks.keys.map(importOne);
}

/**
 * Keys that may have signed an assertion with this header: same `kid` when the header names one,
 * same `alg` when the JWK pins one, and of a type that can verify `alg` at all.
 */
export function selectKeys(keys: PublicKeyEntry[], kid: string | undefined, alg: AssertionAlg): KeyObject[] {
  const out: KeyObject[] = [];
  for (const k of keys) {
    if (kid !== undefined && k.kid !== kid) continue;
    if (k.alg !== undefined && k.alg !== alg) continue;
    if (!keyFitsAlg(alg, k.key)) continue;
    out.push(k.key);
  }
  return out;
}

import type { KeyObject } from 'node:crypto';
import { specFor } from './alg-specs.js';

/** Algorithms Gatehouse signs its own tokens with. */
export type SigningAlg = 'ES256' | 'RS256' | 'EdDSA';

/** Asymmetric algorithms accepted on client assertions. `none` and HS* are absent on purpose. */
export type AssertionAlg =
  'ES256' | 'ES384' | 'ES512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'EdDSA';

export const ASSERTION_ALGS: readonly AssertionAlg[] = Object.freeze([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
]);

/**
 * RSA keys Gatehouse verifies with. Verification time grows with the modulus and, without bound,
 * with the public exponent: a key of someone else's choosing stays within these, or it is not used.
 */
export const RSA_MIN_BITS = 2048;
export const RSA_MAX_BITS = 4096;
const RSA_EXPONENT = 65537n;

/** Why a public key is too weak or too costly to verify with, or undefined when it is fine. */
export function verifyKeyProblem(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'rsa-pss') return undefined;
  const details = key.asymmetricKeyDetails;
  const bits = details?.modulusLength ?? 0;
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
    return `RSA keys must have ${RSA_MIN_BITS} to ${RSA_MAX_BITS} bits, got ${bits}`;
  }
  const exponent = details?.publicExponent;
  if (exponent !== RSA_EXPONENT) {
    const size = exponent === undefined ? 'an unknown' : `a ${exponent.toString(2).length}-bit`;
    return `RSA keys must use the public exponent 65537 ("AQAB"), got ${size} exponent`;
  }
  return undefined;
}

/** Whether `key` is an asymmetric key of the type and strength `alg` requires. */
export function keyFitsAlg(alg: AssertionAlg, key: KeyObject): boolean {
  const spec = specFor(alg);
  if (spec === undefined || key.type === 'secret') return false;
  const type = key.asymmetricKeyType;
  switch (spec.family) {
    case 'ec':
      return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === spec.curve;
    case 'rsa':
    case 'pss':
      return (
        (type === 'rsa' || type === 'rsa-pss') &&
        (key.asymmetricKeyDetails?.modulusLength ?? 0) >= RSA_MIN_BITS
      );
    case 'okp':
      return type === 'ed25519' || type === 'ed448';
  }
}

import type { KeyObject } from 'node:crypto';
import { type AssertionAlg, type DecodedJwt, decodeJwt, verifyJwsSignature } from '@gatehouse/jws';

/** The deployment's verification keys by kid; Runtime's `keys.publicKeys` fits. */
export type VerificationKeys = ReadonlyMap<string, { alg: AssertionAlg; key: KeyObject }>;

/**
 * The payload of a JWT that one of this deployment's keys signed: known kid, the alg that key
 * has, an accepted `typ`, a valid signature. Undefined for anything else, never an error; the
 * caller checks the claims (issuer, expiry, use) that make it the token it expects.
 */
export function readOwnJwt(
  keys: VerificationKeys,
  token: string,
  acceptsTyp: (typ: unknown) => boolean,
): Record<string, unknown> | undefined {
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(token);
  } catch {
    return undefined;
  }
  const { header } = decoded;
  if (!acceptsTyp(header.typ) || typeof header.kid !== 'string') return undefined;
  const key = keys.get(header.kid);
  if (!key || header.alg !== key.alg) return undefined;
  if (!verifyJwsSignature(key.alg, key.key, decoded.signingInput, decoded.signature)) return undefined;
  return decoded.payload;
}

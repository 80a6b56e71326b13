import { constants, type KeyObject, verify } from 'node:crypto';
import { specFor } from './alg-specs.js';
import { type AssertionAlg, keyFitsAlg, verifyKeyProblem } from './algorithms.js';

interface PreparedVerify {
  hash: string | null;
  data: Buffer;
  key: Parameters<typeof verify>[2];
}

// Undefined when the signature cannot be valid: no need to ask OpenSSL.
function prepareVerify(
  alg: AssertionAlg,
  key: KeyObject,
  signingInput: string,
  signature: Buffer,
): PreparedVerify | undefined {
  const spec = specFor(alg);
  if (spec === undefined || !keyFitsAlg(alg, key) || verifyKeyProblem(key) !== undefined) return undefined;
  const data = Buffer.from(signingInput, 'utf8');
  switch (spec.family) {
    case 'ec':
      if (signature.length !== spec.sigLength) return undefined;
      return { hash: spec.hash, data, key: { key, dsaEncoding: 'ieee-p1363' } };
    case 'pss':
      return {
        hash: spec.hash,
        data,
        key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.saltLength },
      };
    case 'rsa':
      return { hash: spec.hash, data, key: { key, padding: constants.RSA_PKCS1_PADDING } };
    case 'okp':
      return { hash: null, data, key };
  }
}

/**
 * Verifies a JWS signature. Returns false, never throws, for a key that does not fit the
 * algorithm (wrong type or curve), an RSA key outside 2048 to 4096 bits or with an exponent
 * other than 65537, a malformed signature, or a bad one.
 */
export function verifyJwsSignature(
  alg: AssertionAlg,
  key: KeyObject,
  signingInput: string,
  signature: Buffer,
): boolean {
  try {
    const prepared = prepareVerify(alg, key, signingInput, signature);
    if (prepared === undefined) return false;
    return verify(prepared.hash, prepared.data, prepared.key, signature);
  } catch {
    // OpenSSL rejects some mismatches (e.g. an rsa-pss key with PKCS#1 v1.5) by throwing.
    return false;
  }
}

/**
 * verifyJwsSignature on libuv's thread pool: the calling thread stays free while OpenSSL works.
 * For keys that someone else chose, so that checking their signatures never stalls a server's
 * event loop. Resolves false, never rejects, in the same cases.
 */
export function verifyJwsSignatureAsync(
  alg: AssertionAlg,
  key: KeyObject,
  signingInput: string,
  signature: Buffer,
): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const prepared = prepareVerify(alg, key, signingInput, signature);
      if (prepared === undefined) {
        resolve(false);
        return;
      }
      verify(prepared.hash, prepared.data, prepared.key, signature, (error, ok) => resolve(!error && ok));
    } catch {
      resolve(false);
    }
  });
}

import { createPrivateKey, type JsonWebKey, KeyObject } from 'node:crypto';
import { ASSERTION_ALGS, keyFitsAlg } from '@gatehouse/jws';
import type { AssertionAlgorithm } from './options.js';

/** A private key ready to sign assertions, with the algorithm and `kid` to put in their header. */
export interface AssertionKey {
  key: KeyObject;
  alg: AssertionAlgorithm;
  kid: string | undefined;
}

const EC_ALGS: Record<string, AssertionAlgorithm> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

function fail(message: string): never {
  throw new TypeError(`createTokenClient: ${message}`);
}

function isAlgorithm(value: unknown): value is AssertionAlgorithm {
  return typeof value === 'string' && (ASSERTION_ALGS as readonly string[]).includes(value);
}

// Messages say what kind of input failed, never anything of the key itself.
function importKey(input: unknown): { key: KeyObject; jwk?: JsonWebKey } {
  if (input instanceof KeyObject) {
    if (input.type !== 'private') fail(`privateKey must be a private key, got a ${input.type} key`);
    return { key: input };
  }
  if (typeof input === 'string') {
    try {
      return { key: createPrivateKey(input) };
    } catch {
      return fail('privateKey is a string but not a PEM private key');
    }
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const jwk = input as JsonWebKey;
    if (typeof jwk.d !== 'string') fail('privateKey is a JWK without its private part ("d")');
    if (jwk.kty === 'oct') fail('privateKey must be an asymmetric key, not a symmetric (kty "oct") JWK');
    try {
      return { key: createPrivateKey({ key: jwk, format: 'jwk' }), jwk };
    } catch {
      return fail('privateKey is not a valid private JWK');
    }
  }
  return fail('privateKey must be a KeyObject, a private JWK or a PEM string');
}

function inferAlgorithm(key: KeyObject): AssertionAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const alg = EC_ALGS[key.asymmetricKeyDetails?.namedCurve ?? ''];
      return alg ?? fail('privateKey is on an EC curve other than P-256, P-384 or P-521');
    }
    case 'rsa':
      return 'RS256';
    case 'rsa-pss':
      return 'PS256';
    case 'ed25519':
    case 'ed448':
      return 'EdDSA';
    default:
      return fail(`privateKey of type ${String(key.asymmetricKeyType)} cannot sign client assertions`);
  }
}

/** Imports and checks the signing key once, so a key that cannot sign fails at construction. */
export function readAssertionKey(privateKey: unknown, keyId: unknown, algorithm: unknown): AssertionKey {
  const { key, jwk } = importKey(privateKey);
  if (algorithm !== undefined && !isAlgorithm(algorithm)) {
    fail(`algorithm must be one of ${ASSERTION_ALGS.join(', ')}`);
  }
  const jwkAlg = isAlgorithm(jwk?.alg) ? jwk.alg : undefined;
  const alg = algorithm ?? jwkAlg ?? inferAlgorithm(key);
  // keyFitsAlg also holds RSA keys to 2048 bits; an RSA-PSS key cannot make a PKCS#1 v1.5 signature.
  if (!keyFitsAlg(alg, key) || (alg === 'RS256' && key.asymmetricKeyType === 'rsa-pss')) {
    fail(`privateKey (${String(key.asymmetricKeyType)}) cannot sign ${alg}`);
  }
  if (keyId !== undefined && (typeof keyId !== 'string' || keyId === '')) {
    fail('keyId must be a non-empty string');
  }
  const jwkKid = typeof jwk?.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
  return { key, alg, kid: keyId ?? jwkKid };
}

import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  jwkThumbprint,
  keyFitsAlg,
  publicJwkMembers,
  type PublicJwkMembers,
  type SigningAlg,
} from '@gatehouse/jws';

export { jwkThumbprint };

interface JwkCommon {
  kid: string;
  alg: SigningAlg;
  use: 'sig';
}

/** A signing key as published on the JWKS endpoint: public members only. */
export type PublicJwk = PublicJwkMembers & JwkCommon;

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateSigningKey(alg: SigningAlg): SigningKeyPair {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

export function toPublicJwk(publicKey: KeyObject, alg: SigningAlg, kid: string): PublicJwk {
  if (!keyFitsAlg(alg, publicKey)) {
    throw new TypeError(`toPublicJwk: a ${publicKey.asymmetricKeyType} key cannot be published as ${alg}`);
  }
  return { ...publicJwkMembers(publicKey), kid, alg, use: 'sig' };
}

/** PKCS#8 DER, the form that gets sealed (see envelope.ts) and stored. */
export function exportPrivateKey(privateKey: KeyObject): Buffer {
  if (privateKey.type !== 'private') throw new TypeError('exportPrivateKey: not a private key');
  return privateKey.export({ format: 'der', type: 'pkcs8' });
}

export function importPrivateKey(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { keyFitsAlg, type SigningAlg } from '@gatehouse/jws';

interface JwkCommon {
  kid: string;
  alg: SigningAlg;
  use: 'sig';
}

type PublicMembers =
  | { kty: 'EC'; crv: string; x: string; y: string }
  | { kty: 'RSA'; n: string; e: string }
  | { kty: 'OKP'; crv: string; x: string };

/** A signing key as published on the JWKS endpoint: public members only. */
export type PublicJwk = PublicMembers & JwkCommon;

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

// Picks members by name rather than trusting export(): a private KeyObject would export `d`.
function publicMembers(key: KeyObject): PublicMembers {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' });
  const { kty, crv, x, y, n, e } = jwk;
  if (kty === 'EC' && crv && x && y) return { kty, crv, x, y };
  if (kty === 'RSA' && n && e) return { kty, n, e };
  if (kty === 'OKP' && crv && x) return { kty, crv, x };
  throw new TypeError(`unsupported key type for a JWK: ${String(kty)}`);
}

export function toPublicJwk(publicKey: KeyObject, alg: SigningAlg, kid: string): PublicJwk {
  if (!keyFitsAlg(alg, publicKey)) {
    throw new TypeError(`toPublicJwk: a ${publicKey.asymmetricKeyType} key cannot be published as ${alg}`);
  }
  return { ...publicMembers(publicKey), kid, alg, use: 'sig' };
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): a stable, content-derived `kid`. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const m = publicMembers(publicKey);
  // Required members only, in lexicographic order, no whitespace (RFC 7638 §3.2).
  let canonical: string;
  switch (m.kty) {
    case 'EC':
      canonical = JSON.stringify({ crv: m.crv, kty: m.kty, x: m.x, y: m.y });
      break;
    case 'RSA':
      canonical = JSON.stringify({ e: m.e, kty: m.kty, n: m.n });
      break;
    case 'OKP':
      canonical = JSON.stringify({ crv: m.crv, kty: m.kty, x: m.x });
      break;
  }
  return createHash('sha256').update(canonical).digest('base64url');
}

/** PKCS#8 DER, the form that gets sealed (see envelope.ts) and stored. */
export function exportPrivateKey(privateKey: KeyObject): Buffer {
  if (privateKey.type !== 'private') throw new TypeError('exportPrivateKey: not a private key');
  return privateKey.export({ format: 'der', type: 'pkcs8' });
}

export function importPrivateKey(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

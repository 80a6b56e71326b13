import { digestOf } from './one-shot-hash.js';

/** The hash behind at_hash is the one of the JWS `alg` (OIDC Core §3.1.3.6); EdDSA over Ed25519 uses SHA-512. */
const HASH_FOR_ALG: Readonly<Record<string, string>> = {
  RS256: 'sha256',
  ES256: 'sha256',
  PS256: 'sha256',
  RS384: 'sha384',
  ES384: 'sha384',
  PS384: 'sha384',
  RS512: 'sha512',
  ES512: 'sha512',
  PS512: 'sha512',
  EdDSA: 'sha512',
  Ed25519: 'sha512',
};

/** OIDC Core §3.1.3.6: base64url of the left half of the hash of the access token's ASCII octets. */
export function atHash(accessToken: string, alg: string): string {
  const hash = HASH_FOR_ALG[alg];
  if (hash === undefined) throw new TypeError(`atHash: no hash is defined for alg ${alg}`);
  // An access token is base64url text: its UTF-8 bytes are its ASCII octets.
  const digest = digestOf(hash, accessToken);
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

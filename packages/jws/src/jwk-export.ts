import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** The public members of a signing key's JWK, by key type. */
export type PublicJwkMembers =
  | { kty: 'EC'; crv: string; x: string; y: string }
  | { kty: 'RSA'; n: string; e: string }
  | { kty: 'OKP'; crv: string; x: string };

/**
 * The public members of a signing key's JWK, picked by name: a private KeyObject's own export would
 * carry `d`, so nothing else is ever copied.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from 'node:crypto';
 * import { publicJwkMembers } from '@gatehouse/jws';
 *
 * const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
 * const jwk = { ...publicJwkMembers(privateKey), alg: 'ES256', use: 'sig' }; // no `d`
 * ```
 */
export function publicJwkMembers(key: KeyObject): PublicJwkMembers {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const { kty, crv, x, y, n, e } = pub.export({ format: 'jwk' });
  if (kty === 'EC' && crv && x && y) return { kty, crv, x, y };
  if (kty === 'RSA' && n && e) return { kty, n, e };
  // X25519 and X448 are OKP too, but agree on keys rather than sign.
  if (kty === 'OKP' && (crv === 'Ed25519' || crv === 'Ed448') && x) return { kty, crv, x };
  throw new TypeError(`a ${String(crv ?? kty)} key cannot be published as a signing JWK`);
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a key's public half: a stable `kid` derived
 * from the key itself, the same wherever the key is loaded.
 *
 * @example
 * ```ts
 * import { generateKeyPairSync } from 'node:crypto';
 * import { jwkThumbprint } from '@gatehouse/jws';
 *
 * const { publicKey } = generateKeyPairSync('ed25519');
 * const kid = jwkThumbprint(publicKey); // 43 base64url characters
 * ```
 */
export function jwkThumbprint(key: KeyObject): string {
  const m = publicJwkMembers(key);
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

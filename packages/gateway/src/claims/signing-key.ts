import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ASSERTION_ALGS,
  type AssertionAlg,
  jwkThumbprint,
  keyFitsAlg,
  publicJwkMembers,
  RSA_MIN_BITS,
} from '@gatehouse/jws';

/** The gateway's key for signed claims, read once at start. */
export interface SigningKey {
  privateKey: KeyObject;
  alg: AssertionAlg;
  /** The JWK's own `kid`, else its RFC 7638 thumbprint: the same on every instance sharing the file. */
  kid: string;
  /** The public half as published in the gateway's JWKS. */
  publicJwk: Record<string, string>;
}

const CREATE_KEY_HINT =
  'create one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out gateway-key.pem';

/** The algorithm a key signs with when its JWK names none: ES256 for the recommended P-256. */
function algorithmOf(key: KeyObject): AssertionAlg | undefined {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
    if (curve === 'secp521r1') return 'ES512';
    return undefined;
  }
  if (type === 'ed25519' || type === 'ed448') return 'EdDSA';
  if (type === 'rsa') return 'RS256';
  if (type === 'rsa-pss') return 'PS256';
  return undefined;
}

/** A key file's key: the private key for signing, or for publishing either half (as its public one). */
type Want = 'private' | 'public';

function parseKey(text: string, want: Want): { key: KeyObject; kid?: string; alg?: string } | string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JsonWebKey & { kid?: unknown; alg?: unknown };
    try {
      jwk = JSON.parse(trimmed) as typeof jwk;
    } catch {
      return 'is neither a PEM key nor a JWK: its JSON does not parse';
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'must hold one JWK';
    const isPrivate = typeof jwk.d === 'string';
    if (want === 'private' && !isPrivate) {
      return `is a public JWK; the gateway signs, so it needs the private key (with "d") (${CREATE_KEY_HINT})`;
    }
    let key: KeyObject;
    try {
      key = isPrivate
        ? createPrivateKey({ key: jwk, format: 'jwk' })
        : createPublicKey({ key: jwk, format: 'jwk' });
    } catch (error) {
      return `is not a usable JWK: ${(error as Error).message}`;
    }
    return {
      key,
      ...(typeof jwk.kid === 'string' && jwk.kid !== '' ? { kid: jwk.kid } : {}),
      ...(typeof jwk.alg === 'string' ? { alg: jwk.alg } : {}),
    };
  }
  if (trimmed.includes('ENCRYPTED PRIVATE KEY')) {
    return 'is encrypted; the gateway reads an unencrypted PKCS#8 PEM key (protect it with file permissions instead)';
  }
  const isPublic = /-----BEGIN (RSA )?PUBLIC KEY-----/.test(trimmed);
  if ((want === 'private' && isPublic) || trimmed.includes('-----BEGIN CERTIFICATE-----')) {
    return `holds a public key or certificate; the gateway signs, so it needs the private key (${CREATE_KEY_HINT})`;
  }
  if (!trimmed.includes('-----BEGIN')) return `is neither a PEM key nor a JWK (${CREATE_KEY_HINT})`;
  try {
    return { key: isPublic ? createPublicKey(trimmed) : createPrivateKey(trimmed) };
  } catch (error) {
    return `is not a usable key: ${(error as Error).message}`;
  }
}

interface KeyFile {
  key: KeyObject;
  alg: AssertionAlg;
  kid: string;
  publicJwk: Record<string, string>;
}

function readKeyFile(file: string, want: Want): KeyFile | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such file${want === 'private' ? ` (${CREATE_KEY_HINT})` : ''}`
        : code === 'EACCES'
          ? 'not allowed to read it'
          : code === 'EISDIR'
            ? 'is a directory'
            : String(code);
    return `cannot read ${file}: ${why}`;
  }
  const parsed = parseKey(text, want);
  if (typeof parsed === 'string') return `${file} ${parsed}`;
  const { key } = parsed;
  const named = parsed.alg;
  if (named !== undefined && !(ASSERTION_ALGS as readonly string[]).includes(named)) {
    return `${file}: alg ${named} is not an asymmetric signature algorithm (${ASSERTION_ALGS.join(', ')})`;
  }
  const alg = (named as AssertionAlg | undefined) ?? algorithmOf(key);
  if (alg === undefined) {
    return `${file} holds a key of type ${String(key.asymmetricKeyType)}, which cannot sign JWTs; use EC P-256 (ES256)`;
  }
  if (!keyFitsAlg(alg, key)) {
    const bits = key.asymmetricKeyDetails?.modulusLength;
    return bits !== undefined && bits < RSA_MIN_BITS
      ? `${file} holds a ${bits}-bit RSA key; at least ${RSA_MIN_BITS} bits are needed`
      : `${file} holds a key of type ${String(key.asymmetricKeyType)}, which cannot sign ${alg}`;
  }
  const kid = parsed.kid ?? jwkThumbprint(key);
  return { key, alg, kid, publicJwk: { ...publicJwkMembers(key), kid, alg, use: 'sig' } };
}

/**
 * Reads the private key file (PKCS#8 PEM or a private JWK) of signed claims. Answers what is
 * wrong with it as a sentence that follows "keyFile", for the config error, rather than throwing.
 */
export function readSigningKey(file: string): SigningKey | string {
  const read = readKeyFile(file, 'private');
  if (typeof read === 'string') return read;
  const { key: privateKey, alg, kid, publicJwk } = read;
  return { privateKey, alg, kid, publicJwk };
}

/**
 * Reads a key to publish without signing with it (`publishKeyFiles`): a public or private key,
 * PEM or JWK, of which only the public half is kept. Its `kid` is as `readSigningKey` gives it,
 * so the same key has the same `kid` whether it signs or is only published.
 */
export function readPublishedKey(file: string): Record<string, string> | string {
  const key = readKeyFile(file, 'public');
  return typeof key === 'string' ? key : key.publicJwk;
}

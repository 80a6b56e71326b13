import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ASSERTION_ALGS, type AssertionAlg, keyFitsAlg, RSA_MIN_BITS } from '@gatehouse/jws';

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

/** Public members only, picked by name: an export of the private key would carry `d`. */
function publicMembers(key: KeyObject): Record<string, string> {
  const { kty, crv, x, y, n, e } = createPublicKey(key).export({ format: 'jwk' });
  if (kty === 'EC' && crv && x && y) return { kty, crv, x, y };
  if (kty === 'RSA' && n && e) return { kty, n, e };
  if (kty === 'OKP' && crv && x) return { kty, crv, x };
  throw new TypeError(`a ${String(kty)} key cannot be published as a JWK`);
}

/** RFC 7638: the required members in lexicographic order, hashed with SHA-256. */
function thumbprint(members: Record<string, string>): string {
  const required: Record<string, string[]> = {
    EC: ['crv', 'kty', 'x', 'y'],
    RSA: ['e', 'kty', 'n'],
    OKP: ['crv', 'kty', 'x'],
  };
  const names = required[members.kty ?? ''] ?? [];
  const canonical = `{${names.map((name) => `"${name}":${JSON.stringify(members[name])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

function parseKey(text: string): { key: KeyObject; kid?: string; alg?: string } | string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JsonWebKey & { kid?: unknown; alg?: unknown };
    try {
      jwk = JSON.parse(trimmed) as typeof jwk;
    } catch {
      return 'is neither a PEM key nor a JWK: its JSON does not parse';
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'must hold one JWK';
    if (typeof jwk.d !== 'string') {
      return `is a public JWK; the gateway signs, so it needs the private key (with "d") (${CREATE_KEY_HINT})`;
    }
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: jwk, format: 'jwk' });
    } catch (error) {
      return `is not a usable private JWK: ${(error as Error).message}`;
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
  if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(trimmed)) {
    return `holds a public key or certificate; the gateway signs, so it needs the private key (${CREATE_KEY_HINT})`;
  }
  if (!trimmed.includes('-----BEGIN')) return `is neither a PEM key nor a JWK (${CREATE_KEY_HINT})`;
  try {
    return { key: createPrivateKey(trimmed) };
  } catch (error) {
    return `is not a usable private key: ${(error as Error).message}`;
  }
}

/**
 * Reads the private key file (PKCS#8 PEM or a private JWK) of signed claims. Answers what is
 * wrong with it as a sentence that follows "keyFile", for the config error, rather than throwing.
 */
export function readSigningKey(file: string): SigningKey | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such file (${CREATE_KEY_HINT})`
        : code === 'EACCES'
          ? 'not allowed to read it'
          : code === 'EISDIR'
            ? 'is a directory'
            : String(code);
    return `cannot read ${file}: ${why}`;
  }
  const parsed = parseKey(text);
  if (typeof parsed === 'string') return `${file} ${parsed}`;
  const { key } = parsed;
  if (key.type !== 'private') return `${file} must hold a private key`;
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
  const members = publicMembers(key);
  const kid = parsed.kid ?? thumbprint(members);
  return { privateKey: key, alg, kid, publicJwk: { ...members, kid, alg, use: 'sig' } };
}

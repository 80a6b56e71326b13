import { constants, type KeyObject, sign, verify } from 'node:crypto';

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

// Bound the work an unauthenticated caller can make us do before any signature is checked.
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class JwtFormatError extends Error {
  override name = 'JwtFormatError';
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

interface AlgSpec {
  hash: string | null;
  family: 'ec' | 'rsa' | 'pss' | 'okp';
  /** OpenSSL curve name for ES*: a P-384 key must not pass as ES256. */
  curve?: string;
  /** Raw r||s length for ES*; anything else is malformed, not merely wrong. */
  sigLength?: number;
  saltLength?: number;
}

const ALGS: Record<AssertionAlg, AlgSpec> = {
  ES256: { hash: 'sha256', family: 'ec', curve: 'prime256v1', sigLength: 64 },
  ES384: { hash: 'sha384', family: 'ec', curve: 'secp384r1', sigLength: 96 },
  ES512: { hash: 'sha512', family: 'ec', curve: 'secp521r1', sigLength: 132 },
  RS256: { hash: 'sha256', family: 'rsa' },
  RS384: { hash: 'sha384', family: 'rsa' },
  RS512: { hash: 'sha512', family: 'rsa' },
  PS256: { hash: 'sha256', family: 'pss', saltLength: 32 },
  PS384: { hash: 'sha384', family: 'pss', saltLength: 48 },
  PS512: { hash: 'sha512', family: 'pss', saltLength: 64 },
  EdDSA: { hash: null, family: 'okp' },
};

/**
 * RSA keys Gatehouse verifies with. Verification time grows with the modulus and, without bound,
 * with the public exponent: a key of someone else's choosing stays within these, or it is not used.
 */
export const RSA_MIN_BITS = 2048;
export const RSA_MAX_BITS = 4096;
export const RSA_EXPONENT = 65537n;

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

// `alg` often comes straight from an untrusted header; `__proto__` must not look like an algorithm.
function specFor(alg: string): AlgSpec | undefined {
  return Object.hasOwn(ALGS, alg) ? ALGS[alg as AssertionAlg] : undefined;
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

interface PreparedSigner {
  prefix: string;
  hash: string | null;
  key: Parameters<typeof sign>[2];
}

function prepareSigner(
  alg: AssertionAlg,
  privateKey: KeyObject,
  header: { kid?: string; typ?: string },
  caller: string,
): PreparedSigner {
  const spec = specFor(alg);
  if (
    spec === undefined ||
    privateKey.type !== 'private' ||
    !keyFitsAlg(alg, privateKey) ||
    (privateKey.asymmetricKeyType === 'rsa-pss' && spec.family !== 'pss')
  ) {
    throw new TypeError(
      `${caller}: the key (${privateKey.type} ${privateKey.asymmetricKeyType}) cannot sign ${alg}`,
    );
  }
  const fields: Record<string, string> = { alg };
  if (header.typ !== undefined) fields.typ = header.typ;
  if (header.kid !== undefined) fields.kid = header.kid;
  const prefix = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.`;
  // JWS wants ECDSA as raw r||s (RFC 7518 §3.4), not OpenSSL's DER; PSS salts with the hash length.
  const key =
    spec.family === 'ec'
      ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const }
      : spec.family === 'pss'
        ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.saltLength }
        : privateKey;
  return { prefix, hash: spec.hash, key };
}

/**
 * Returns a function that signs a payload as a compact JWS. Everything that does not depend on
 * the payload (header encoding, key options) is done here once, because this is the token hot path.
 * Throws TypeError at preparation when the key cannot sign with `alg`, not on the first token.
 * The header is `{ alg, typ?, kid? }`, in that order.
 */
export function createJwtSigner(
  alg: AssertionAlg,
  privateKey: KeyObject,
  header: { kid?: string; typ?: string } = {},
): (payload: Record<string, unknown>) => string {
  const { prefix, hash, key } = prepareSigner(alg, privateKey, header, 'createJwtSigner');
  return (payload) => {
    const signingInput = prefix + Buffer.from(JSON.stringify(payload)).toString('base64url');
    // The signing input is pure base64url, so latin1 is an exact and cheaper encoding than utf8.
    const signature = sign(hash, Buffer.from(signingInput, 'latin1'), key);
    return `${signingInput}.${signature.toString('base64url')}`;
  };
}

/**
 * The same signer, signing on libuv's thread pool instead of the calling thread. A server's
 * event loop stays free for parsing and answering while the signature is computed, so one
 * process uses every core for the part of a token that costs the most.
 */
export function createAsyncJwtSigner(
  alg: AssertionAlg,
  privateKey: KeyObject,
  header: { kid?: string; typ?: string } = {},
): (payload: Record<string, unknown>) => Promise<string> {
  const { prefix, hash, key } = prepareSigner(alg, privateKey, header, 'createAsyncJwtSigner');
  return (payload) =>
    new Promise((resolve, reject) => {
      const signingInput = prefix + Buffer.from(JSON.stringify(payload)).toString('base64url');
      sign(hash, Buffer.from(signingInput, 'latin1'), key, (error, signature) => {
        if (error) reject(error);
        else resolve(`${signingInput}.${signature.toString('base64url')}`);
      });
    });
}

function decodeJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(part, 'base64url')));
  } catch {
    throw new JwtFormatError(`JWT ${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtFormatError(`JWT ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Splits and decodes a compact JWS without verifying it. Error messages never echo the token. */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string') throw new JwtFormatError('JWT must be a string');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new JwtFormatError(`JWT is longer than ${MAX_TOKEN_LENGTH} characters`);
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new JwtFormatError(`JWT must have 3 parts separated by '.', found ${parts.length}`);
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const names = ['header', 'payload', 'signature'];
  parts.forEach((part, i) => {
    // length % 4 === 1 cannot come out of any base64url encoder.
    if (!BASE64URL.test(part) || part.length % 4 === 1) {
      throw new JwtFormatError(`JWT ${names[i]} is empty or not base64url`);
    }
  });
  return {
    header: decodeJsonObject(headerPart, 'header'),
    payload: decodeJsonObject(payloadPart, 'payload'),
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

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

import { constants, type KeyObject, sign } from 'node:crypto';
import { specFor } from './alg-specs.js';
import { type AssertionAlg, keyFitsAlg } from './algorithms.js';

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
 * The header is `{ alg, typ?, kid? }`, in that order. The payload is an object, or its JSON text
 * when the caller serialised it already (say, before handing it to another thread).
 */
export function createJwtSigner(
  alg: AssertionAlg,
  privateKey: KeyObject,
  header: { kid?: string; typ?: string } = {},
): (payload: Record<string, unknown> | string) => string {
  const { prefix, hash, key } = prepareSigner(alg, privateKey, header, 'createJwtSigner');
  return (payload) => {
    const json = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const signingInput = prefix + Buffer.from(json).toString('base64url');
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

import { randomUUID } from 'node:crypto';
import { createJwtSigner } from '@gatehouse/jws';
import type { AssertionKey } from './assertion-key.js';

/** RFC 7523 §3 wants a short life; one minute covers clock skew and a slow network. */
const ASSERTION_LIFETIME_S = 60;

/**
 * Returns a function that makes a fresh `private_key_jwt` assertion (RFC 7523 §2.2) for one token
 * request: iss = sub = the client id, aud = the token endpoint, a random jti, a one-minute life.
 * The header is `{ alg, kid }` (no `typ`, as most clients send).
 */
export function createAssertionSigner(
  clientId: string,
  { key, alg, kid }: AssertionKey,
): (audience: string, nowMs: number) => string {
  const refuse = () =>
    new TypeError(`createTokenClient: privateKey (${String(key.asymmetricKeyType)}) cannot sign ${alg}`);
  let sign: ReturnType<typeof createJwtSigner>;
  try {
    sign = createJwtSigner(alg, key, kid === undefined ? {} : { kid });
  } catch {
    throw refuse();
  }
  const signer = (audience: string, nowMs: number) => {
    const iat = Math.floor(nowMs / 1000);
    const payload = {
      iss: clientId,
      sub: clientId,
      aud: audience,
      jti: randomUUID(),
      iat,
      exp: iat + ASSERTION_LIFETIME_S,
    };
    return sign(payload);
  };
  // Sign once up front: a key OpenSSL refuses for the algorithm fails here, not on the first request.
  try {
    signer('probe', 0);
  } catch {
    throw refuse();
  }
  return signer;
}

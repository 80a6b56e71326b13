import { type DecodedJwt, decodeJwt, verifyJwsSignature } from '@gatehouse/jws';
import type { Runtime } from '../services/runtime.js';

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
}

/**
 * Reads a token this server issued: known kid, matching alg, valid signature, our issuer,
 * not expired. Anything else is `undefined`; callers answer "inactive", never an error.
 */
export function readAccessToken(
  runtime: Runtime,
  issuer: string,
  token: string,
  nowMs: number,
): AccessTokenClaims | undefined {
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(token);
  } catch {
    return undefined;
  }
  const { header, payload } = decoded;
  if (header.typ !== 'at+jwt' || typeof header.kid !== 'string') return undefined;
  const key = runtime.keys.publicKeys.get(header.kid);
  if (!key || header.alg !== key.alg) return undefined;
  if (!verifyJwsSignature(key.alg, key.key, decoded.signingInput, decoded.signature)) return undefined;
  const claims = payload as Partial<AccessTokenClaims>;
  if (claims.iss !== issuer || typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return undefined;
  if (typeof claims.jti !== 'string' || typeof claims.client_id !== 'string') return undefined;
  return claims as AccessTokenClaims;
}

import type { Runtime } from '../services/runtime.js';
import { readOwnJwt } from './own-jwt.js';

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
  const payload = readOwnJwt(runtime.keys.publicKeys, token, (typ) => typ === 'at+jwt');
  if (payload === undefined) return undefined;
  const claims = payload as Partial<AccessTokenClaims>;
  if (claims.iss !== issuer || typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return undefined;
  if (typeof claims.jti !== 'string' || typeof claims.client_id !== 'string') return undefined;
  return claims as AccessTokenClaims;
}

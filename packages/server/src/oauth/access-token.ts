import { randomUUID } from 'node:crypto';
import { type DecodedJwt, decodeJwt, verifyJwsSignature } from '@gatehouse/jws';
import type { ClientEntry, ResourceEntry } from '../services/cache-entries.js';
import type { Runtime } from '../services/runtime.js';
import { ServerError } from '../http/errors.js';

export interface IssuedToken {
  token: string;
  expiresIn: number;
  scope: string;
}

/**
 * RFC 9068 access token: `typ: at+jwt`, `kid`, and the claims iss, sub, aud, client_id,
 * scope, iat, exp, jti. Every token is freshly signed with a unique jti.
 */
export async function issueAccessToken(
  runtime: Runtime,
  issuer: string,
  client: ClientEntry,
  resource: ResourceEntry,
  scopes: readonly string[],
  nowMs: number,
): Promise<IssuedToken> {
  const signer = runtime.keys.signers.get(resource.alg);
  if (!signer) throw new ServerError(`no active ${resource.alg} signing key`);
  const iat = Math.floor(nowMs / 1000);
  const expiresIn = client.tokenTtl ?? resource.tokenTtl;
  const scope = scopes.join(' ');
  const token = await signer.sign({
    iss: issuer,
    sub: client.clientId,
    aud: resource.identifier,
    client_id: client.clientId,
    scope,
    iat,
    exp: iat + expiresIn,
    jti: randomUUID(),
  });
  return { token, expiresIn, scope };
}

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

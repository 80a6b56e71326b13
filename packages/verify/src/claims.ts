import { failed } from './errors.js';
import type { RevocationState } from './revocation.js';
import type { Settings } from './settings.js';
import { verifiedKind } from './token-use.js';

/**
 * The claims of a verified RFC 9068 access token, plus `scopes` (the `scope` claim split on
 * spaces). Other claims the token carries are there too, typed `unknown`.
 */
export interface VerifiedClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  /** Space-separated, as issued; `''` when the token has no scope claim. */
  scope: string;
  scopes: readonly string[];
  iat: number;
  exp: number;
  jti: string;
  nbf?: number;
  [claim: string]: unknown;
}

/**
 * The claims of a verified pool ID token (OpenID Connect Core, plus Cognito's names). Profile
 * and email claims are there when the app asked for those scopes, typed `unknown` like any other.
 */
export interface PoolIdTokenClaims {
  iss: string;
  sub: string;
  /** The app client id. */
  aud: string | string[];
  iat: number;
  exp: number;
  token_use: 'id';
  auth_time?: number;
  nonce?: string;
  email?: string;
  email_verified?: boolean;
  groups?: string[];
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  /** Always empty: ID tokens carry no scopes. Here so route checks can treat every token alike. */
  scopes: readonly string[];
  [claim: string]: unknown;
}

/** The claims of a verified pool access token: RFC 9068, plus Cognito's `token_use` and `username`. */
export interface PoolAccessTokenClaims extends VerifiedClaims {
  token_use: 'access';
  /** The app client the person signed in through. */
  client_id: string;
  auth_time?: number;
  username?: string;
  'cognito:groups'?: string[];
}

/** Whatever a verifier can return. */
export type AnyVerifiedClaims = VerifiedClaims | PoolAccessTokenClaims | PoolIdTokenClaims;

const NO_SCOPES: readonly string[] = Object.freeze([]);

/** Scope strings repeat across tokens; splitting each once keeps the hot path allocation-free. */
const scopeCache = new Map<string, readonly string[]>();
const SCOPE_CACHE_SIZE = 512;

function splitScope(scope: string): readonly string[] {
  let scopes = scopeCache.get(scope);
  if (scopes === undefined) {
    scopes = Object.freeze(scope.split(' ').filter((s) => s !== ''));
    if (scopeCache.size >= SCOPE_CACHE_SIZE) scopeCache.clear();
    scopeCache.set(scope, scopes);
  }
  return scopes;
}

function requireType(payload: Record<string, unknown>, claim: string, type: 'string' | 'number'): void {
  const value = payload[claim];
  if (typeof value !== type || (type === 'number' && !Number.isFinite(value))) {
    throw failed('ERR_TOKEN_MALFORMED', `the ${claim} claim is missing or not a ${type}`, claim, value, type);
  }
}

function audienceMatches(aud: unknown, expected: readonly string[]): boolean {
  if (typeof aud === 'string') return expected.includes(aud);
  if (Array.isArray(aud)) {
    for (const a of aud) if (typeof a === 'string' && expected.includes(a)) return true;
  }
  return false;
}

function checkTimes(payload: Record<string, unknown>, nowSeconds: number, tolerance: number): void {
  requireType(payload, 'exp', 'number');
  requireType(payload, 'iat', 'number');
  const exp = payload.exp as number;
  const now = Math.floor(nowSeconds);
  if (exp <= nowSeconds - tolerance)
    throw failed('ERR_TOKEN_EXPIRED', 'the token has expired', 'exp', exp, now);
  if (payload.nbf !== undefined) {
    requireType(payload, 'nbf', 'number');
    const nbf = payload.nbf as number;
    if (nbf > nowSeconds + tolerance) {
      throw failed('ERR_TOKEN_NOT_YET_VALID', 'the token is not valid yet (nbf)', 'nbf', nbf, now);
    }
  }
  const iat = payload.iat as number;
  if (iat > nowSeconds + tolerance) {
    throw failed('ERR_TOKEN_NOT_YET_VALID', 'the token was issued in the future (iat)', 'iat', iat, now);
  }
}

/**
 * Checks the payload of a token whose signature is already verified, in a fixed order:
 * iss, aud, exp/nbf/iat, required claim types, client allow-list, revocation (a stale list
 * first), scopes.
 */
export function checkClaims(
  payload: Record<string, unknown>,
  settings: Settings,
  nowSeconds: number,
  revocation: RevocationState | undefined,
  extraScopes: readonly string[] | undefined,
  typ?: unknown,
): AnyVerifiedClaims {
  if (payload.iss !== settings.issuer) {
    // Only a configured issuer that is off by a slash makes every token fail this way: say so.
    const slash =
      typeof payload.iss === 'string' &&
      payload.iss.replace(/\/+$/, '') === settings.issuer.replace(/\/+$/, '');
    throw failed(
      'ERR_ISSUER_MISMATCH',
      slash
        ? "the token was issued by another issuer (they differ only by a trailing slash: check the verifier's issuer)"
        : 'the token was issued by another issuer',
      'iss',
      payload.iss,
      settings.issuer,
    );
  }
  const kind = verifiedKind(payload, typ, settings);
  const audience = settings.audience;
  if (kind !== 'id' && audience !== null && !audienceMatches(payload.aud, audience)) {
    const expected = audience.length === 1 ? audience[0] : audience;
    throw failed(
      'ERR_AUDIENCE_MISMATCH',
      'the token is meant for another audience',
      'aud',
      payload.aud,
      expected,
    );
  }
  checkTimes(payload, nowSeconds, settings.toleranceSeconds);
  requireType(payload, 'sub', 'string');
  if (kind !== 'machine' && payload.auth_time !== undefined) requireType(payload, 'auth_time', 'number');
  if (kind === 'id') return checkIdToken(payload, settings, revocation, extraScopes);
  requireType(payload, 'client_id', 'string');
  requireType(payload, 'jti', 'string');
  if (payload.scope === undefined) payload.scope = '';
  else requireType(payload, 'scope', 'string');
  const clientId = payload.client_id as string;
  if (settings.clientIds !== null && !settings.clientIds.has(clientId)) {
    throw failed('ERR_CLIENT_NOT_ALLOWED', 'the client is not allowed', 'client_id', clientId, [
      ...settings.clientIds,
    ]);
  }
  if (revocation !== undefined) {
    if (revocation.stale !== undefined) throw revocation.stale;
    const jti = payload.jti as string;
    if (revocation.revokedTokens.has(jti)) {
      throw failed('ERR_TOKEN_REVOKED', 'the token has been revoked', 'jti', jti, 'not revoked');
    }
    if (revocation.disabledClients.has(clientId)) {
      throw failed('ERR_TOKEN_REVOKED', 'the client has been disabled', 'client_id', clientId, 'enabled');
    }
  }
  const scopes = splitScope(payload.scope as string);
  checkScopes(scopes, settings.requiredScopes, extraScopes);
  payload.scopes = scopes;
  return payload as VerifiedClaims;
}

/** An ID token has no client_id, jti or scope: its app is its `aud`. */
function checkIdToken(
  payload: Record<string, unknown>,
  settings: Settings,
  revocation: RevocationState | undefined,
  extraScopes: readonly string[] | undefined,
): PoolIdTokenClaims {
  const clientIds = settings.clientIds;
  if (clientIds !== null && !audienceMatches(payload.aud, [...clientIds])) {
    throw failed('ERR_CLIENT_NOT_ALLOWED', 'the ID token is for another app client', 'aud', payload.aud, [
      ...clientIds,
    ]);
  }
  if (revocation?.stale !== undefined) throw revocation.stale;
  checkScopes(NO_SCOPES, settings.requiredScopes, extraScopes);
  payload.scopes = NO_SCOPES;
  return payload as PoolIdTokenClaims;
}

function checkScopes(
  scopes: readonly string[],
  requiredScopes: readonly string[],
  extraScopes: readonly string[] | undefined,
): void {
  if (!hasAll(scopes, requiredScopes) || (extraScopes !== undefined && !hasAll(scopes, extraScopes))) {
    const required = [...new Set([...requiredScopes, ...(extraScopes ?? [])])];
    const missing = required.filter((s) => !scopes.includes(s));
    throw failed(
      'ERR_INSUFFICIENT_SCOPE',
      `the token lacks the required scope(s): ${missing.join(' ')}`,
      'scope',
      scopes,
      required,
    );
  }
}

function hasAll(scopes: readonly string[], required: readonly string[]): boolean {
  for (const scope of required) if (!scopes.includes(scope)) return false;
  return true;
}

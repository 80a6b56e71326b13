import type { KeyObject } from 'node:crypto';
import { type AssertionAlg, decodeJwt, type DecodedJwt, verifyJwsSignatureAsync } from '@gatehouse/jws';
import { SsoError } from './errors.js';
import type { ProviderKeys } from './provider-keys.js';
import { safeEqual } from '../crypto/safe-equal.js';

/** Clock difference tolerated between Gatehouse and the identity provider. */
export const CLOCK_LEEWAY_S = 60;

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  /** Algorithms the provider advertises that Gatehouse accepts; never `none` or HS*. */
  algs: readonly AssertionAlg[];
  keys: ProviderKeys;
  /** Milliseconds since the epoch. */
  now: number;
}

const USER_MESSAGE = "The identity provider's sign-in could not be verified. Try again.";

function fail(detail: string, cause?: unknown): never {
  throw new SsoError(
    'id_token_invalid',
    USER_MESSAGE,
    new Error(detail, cause === undefined ? {} : { cause }),
  );
}

function decode(token: string): DecodedJwt {
  try {
    return decodeJwt(token);
  } catch (err) {
    return fail('the ID token is not a signed JWT', err);
  }
}

async function checkSignature(jwt: DecodedJwt, expected: IdTokenExpectations): Promise<void> {
  const { alg, kid, crit } = jwt.header;
  if (typeof alg !== 'string') return fail('the ID token header has no alg');
  if (alg === 'none' || alg.startsWith('HS'))
    return fail(`the ID token uses alg ${alg}, which is never accepted`);
  const accepted = expected.algs.find((a) => a === alg);
  if (accepted === undefined) {
    return fail(`the ID token uses alg ${alg}; the provider advertises ${expected.algs.join(', ')}`);
  }
  if (kid !== undefined && typeof kid !== 'string') return fail('the ID token header kid is not a string');
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if (crit !== undefined) return fail('the ID token header has crit, which Gatehouse does not support');
  let keys: KeyObject[];
  try {
    keys = await expected.keys.candidates(kid, accepted);
  } catch (err) {
    return fail("the provider's signing keys could not be fetched", err);
  }
  if (keys.length === 0) {
    return fail(`no key in the provider's JWKS fits the ID token (kid ${JSON.stringify(kid)}, alg ${alg})`);
  }
  // Off the event loop: the keys are the provider's choice, and sign-ins must not stall token requests.
  for (const key of keys) {
    if (await verifyJwsSignatureAsync(accepted, key, jwt.signingInput, jwt.signature)) return;
  }
  fail('the ID token signature does not verify');
}

function requiredNumber(claims: Record<string, unknown>, name: string): number {
  const value = claims[name];
  if (typeof value !== 'number' || !Number.isFinite(value))
    return fail(`the ID token ${name} is missing or not a number`);
  return value;
}

function optionalNumber(claims: Record<string, unknown>, name: string): number | undefined {
  return claims[name] === undefined ? undefined : requiredNumber(claims, name);
}

function checkClaims(claims: Record<string, unknown>, expected: IdTokenExpectations): void {
  if (claims.iss !== expected.issuer) {
    fail(`the ID token iss ${JSON.stringify(claims.iss)} is not ${JSON.stringify(expected.issuer)}`);
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') fail('the ID token has no sub');
  const aud = claims.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expected.clientId)) fail('the ID token aud does not include our client_id');
  if (claims.azp !== undefined && claims.azp !== expected.clientId)
    fail('the ID token azp is not our client_id');
  if (audiences.length > 1 && claims.azp === undefined) fail('the ID token has several audiences and no azp');

  const now = expected.now / 1000;
  const exp = requiredNumber(claims, 'exp');
  if (now >= exp + CLOCK_LEEWAY_S) fail(`the ID token expired at ${exp}; it is now ${Math.floor(now)}`);
  const iat = requiredNumber(claims, 'iat');
  if (iat > now + CLOCK_LEEWAY_S)
    fail(`the ID token was issued in the future (${iat}; it is now ${Math.floor(now)})`);
  const nbf = optionalNumber(claims, 'nbf');
  if (nbf !== undefined && nbf > now + CLOCK_LEEWAY_S) fail(`the ID token is not valid before ${nbf}`);

  if (typeof claims.nonce !== 'string' || !safeEqual(claims.nonce, expected.nonce)) {
    fail('the ID token nonce is missing or not the one this sign-in sent');
  }
}

/**
 * Validates an ID token from the token endpoint (OpenID Connect Core 1.0 §3.1.3.7) and returns
 * its claims. Throws SsoError `id_token_invalid` with the reason in `cause`.
 */
export async function validateIdToken(
  token: string,
  expected: IdTokenExpectations,
): Promise<Record<string, unknown>> {
  const jwt = decode(token);
  await checkSignature(jwt, expected);
  checkClaims(jwt.payload, expected);
  return jwt.payload;
}

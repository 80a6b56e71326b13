import { isScopeToken } from '@gatehouse/jws';
import type { ServerResponse } from 'node:http';
import type { VerifiedClaims } from './claims.js';
import { bearerToken } from './bearer.js';
import { type ChallengeOptions, type HttpErrorAnswer, toHttpError } from './http-error.js';
import type { Verifier } from './verifier.js';

/** What every middleware accepts: the scopes a route needs, and the challenge attributes. */
export interface RequireTokenOptions extends ChallengeOptions {
  /** Scopes this route requires, on top of the verifier's `requiredScopes`. */
  scopes?: readonly string[];
}

export type GuardResult = { ok: true; claims: VerifiedClaims } | { ok: false; answer: HttpErrorAnswer };

/** Middleware options, checked once when the middleware is made. */
export interface Guard {
  scopes: readonly string[] | undefined;
  challenge: ChallengeOptions;
  /** Reads the header, verifies, and resolves to claims or to the error answer to send. */
  check(header: string | undefined): Promise<GuardResult>;
}

const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export function makeGuard(name: string, verifier: Verifier, options: RequireTokenOptions = {}): Guard {
  if (typeof verifier?.verify !== 'function')
    throw new TypeError(`${name}: the first argument must be a verifier`);
  const { scopes, realm, resourceMetadata } = options;
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || !isScopeToken(s)))
  ) {
    throw new TypeError(`${name}: scopes must be an array of scope names`);
  }
  if (realm !== undefined && (typeof realm !== 'string' || !QUOTABLE.test(realm))) {
    throw new TypeError(`${name}: realm must be printable text without " or \\`);
  }
  if (
    resourceMetadata !== undefined &&
    (typeof resourceMetadata !== 'string' ||
      !QUOTABLE.test(resourceMetadata) ||
      !URL.canParse(resourceMetadata))
  ) {
    throw new TypeError(`${name}: resourceMetadata must be an absolute URL`);
  }
  const challenge: ChallengeOptions = {
    ...(realm === undefined ? {} : { realm }),
    ...(resourceMetadata === undefined ? {} : { resourceMetadata }),
  };
  const verifyOptions = scopes === undefined ? undefined : { requiredScopes: scopes };
  return {
    scopes,
    challenge,
    async check(header) {
      try {
        return { ok: true, claims: await verifier.verify(bearerToken(header), verifyOptions) };
      } catch (error) {
        return { ok: false, answer: toHttpError(error, scopes, challenge) };
      }
    },
  };
}

/** Writes an error answer on a node:http (or Express) response: JSON body, never cached. */
export function sendErrorAnswer(res: ServerResponse, answer: HttpErrorAnswer): void {
  res.statusCode = answer.status;
  if (answer.status !== 503) res.setHeader('WWW-Authenticate', answer.wwwAuthenticate);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(answer.body));
}

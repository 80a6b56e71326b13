import { isScopeToken } from '@gatehouse/jws';
import type { ServerResponse } from 'node:http';
import type { VerifiedClaims } from './claims.js';
import { bearerToken } from './bearer.js';
import { type ChallengeOptions, type HttpErrorAnswer, toHttpError } from './http-error.js';
import { checkRefusalOptions, type RefusalLine, type RefusalOptions, reportRefusal } from './refusal.js';
import type { Verifier } from './verifier.js';

/**
 * What every middleware accepts: the scopes a route needs, the challenge attributes, and
 * how refusals are seen (`onError`, `logger`). `Req` is the framework's request type.
 */
export interface RequireTokenOptions<Req = unknown> extends ChallengeOptions, RefusalOptions<Req> {
  /** Scopes this route requires, on top of the verifier's `requiredScopes`. */
  scopes?: readonly string[];
}

export type GuardResult =
  { ok: true; claims: VerifiedClaims } | { ok: false; answer: HttpErrorAnswer; error: unknown };

/** Middleware options, checked once when the middleware is made. */
export interface Guard<Req> {
  scopes: readonly string[] | undefined;
  challenge: ChallengeOptions;
  /** Reads the header, verifies, and resolves to claims or to the error answer to send. */
  check(header: string | undefined): Promise<GuardResult>;
  /** Tells `onError` and the logger about a refusal, before it is answered. Never throws. */
  report(
    refusal: { error: unknown; answer: HttpErrorAnswer },
    request: Req,
    where: { method?: string; path?: string },
  ): void;
}

const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export function makeGuard<Req>(
  name: string,
  adapter: RefusalLine['adapter'],
  verifier: Verifier,
  options: RequireTokenOptions<Req> = {},
): Guard<Req> {
  if (typeof verifier?.verify !== 'function')
    throw new TypeError(`${name}: the first argument must be a verifier`);
  checkRefusalOptions(name, options);
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
        return { ok: false, answer: toHttpError(error, scopes, challenge), error };
      }
    },
    report({ error, answer }, request, where) {
      reportRefusal(options, error, answer.status, adapter, request, where);
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

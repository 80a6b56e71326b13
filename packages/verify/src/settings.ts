import { ASSERTION_ALGS, type AssertionAlg, isLoopback, SCOPE_TOKEN } from '@gatehouse/jws';
import type { AnyVerifierOptions, VerifierLogger } from './options.js';

/** Options checked once and turned into what the hot path needs. */
export interface Settings {
  issuer: string;
  /** Which tokens pass: `any` is `tokenUse: null`, a pool's ID or access tokens. */
  tokenUse: TokenKind;
  /** Where the issuer's metadata may be, in the order tried; the next only on 404. */
  metadataUrls: readonly string[];
  /** `null`: the audience check is off. */
  audience: readonly string[] | null;
  requiredScopes: readonly string[];
  /** Machine `clientIds`, or a pool verifier's `clientId` (`aud` of ID tokens, `client_id` of access tokens). */
  clientIds: ReadonlySet<string> | null;
  algorithms: ReadonlySet<AssertionAlg>;
  toleranceSeconds: number;
  jwksUri: string | undefined;
  revocation: RevocationSettings | false;
  cacheMaxAgeMs: number;
  cooldownMs: number;
  fetch: typeof fetch;
  onBackgroundError: (error: Error) => void;
  logger: VerifierLogger;
  now: () => number;
}

export type TokenKind = 'machine' | 'access' | 'id' | 'any';

export interface RevocationSettings {
  intervalMs: number;
  url: string | undefined;
  graceMs: number;
  failOpen: boolean;
}

const DEFAULT_ALGORITHMS: readonly AssertionAlg[] = ['ES256', 'RS256', 'EdDSA'];

function fail(message: string): never {
  throw new TypeError(`createVerifier: ${message}`);
}

/** Why `value` is not an https URL (plain http only for this machine) without credentials or fragment. */
export function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://auth.example.com';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return 'must use https (plain http only for localhost)';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (url.hash || value.includes('#')) return 'must not contain a fragment';
  return undefined;
}

function checkUrl(name: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || value === '') fail(`${name} is required: ${fix}`);
  const problem = urlProblem(value);
  if (problem !== undefined) fail(`${name} ${problem}, got ${JSON.stringify(value)}`);
  return value;
}

function positive(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(`${name} must be a finite number of seconds >= ${min}, got ${String(value)}`);
  }
  return value;
}

function stringList(name: string, value: unknown, what: RegExp, allowEmpty: boolean): readonly string[] {
  if (!Array.isArray(value)) fail(`${name} must be an array of strings`);
  if (!allowEmpty && value.length === 0) fail(`${name} must not be empty (leave it out instead)`);
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || !what.test(item)) {
      fail(`${name} holds an invalid entry ${JSON.stringify(item)}`);
    }
  }
  return Object.freeze([...(value as string[])]);
}

function audienceOf(value: unknown): readonly string[] | null {
  if (value === null) return null;
  if (value === undefined) {
    fail(
      'audience is required: pass the identifier of this API (the aud of its tokens), ' +
        'or null to opt out when you check aud yourself',
    );
  }
  if (typeof value === 'string') {
    if (value === '') fail('audience must not be empty');
    return Object.freeze([value]);
  }
  return stringList('audience', value, /^.+$/s, false);
}

function algorithmsOf(value: unknown): ReadonlySet<AssertionAlg> {
  if (value === undefined) return new Set(DEFAULT_ALGORITHMS);
  if (!Array.isArray(value) || value.length === 0) fail('algorithms must be a non-empty array');
  for (const alg of value as unknown[]) {
    if (typeof alg === 'string' && (alg.toLowerCase() === 'none' || /^HS\d+$/i.test(alg))) {
      fail(
        `algorithm ${JSON.stringify(alg)} is never accepted: tokens must be signed with an asymmetric key`,
      );
    }
    if (!(ASSERTION_ALGS as readonly unknown[]).includes(alg)) {
      fail(`unknown algorithm ${JSON.stringify(alg)}; use one of ${ASSERTION_ALGS.join(', ')}`);
    }
  }
  return new Set(value as AssertionAlg[]);
}

function revocationOf(value: unknown): Settings['revocation'] {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    fail('revocation must be an object or false');
  }
  const { pollIntervalSeconds, url, graceSeconds, failOpen } = (value ?? {}) as Record<string, unknown>;
  const seconds = positive('revocation.pollIntervalSeconds', pollIntervalSeconds, 10, 0.05);
  const grace = positive('revocation.graceSeconds', graceSeconds, Math.max(120, 3 * seconds));
  if (grace < 2 * seconds) {
    fail(
      `revocation.graceSeconds must be at least twice pollIntervalSeconds (${2 * seconds}), ` +
        `so one slow or failed poll does not stop traffic; got ${grace}`,
    );
  }
  if (failOpen !== undefined && typeof failOpen !== 'boolean') fail('revocation.failOpen must be a boolean');
  return {
    intervalMs: seconds * 1000,
    url: url === undefined ? undefined : checkUrl('revocation.url', url, 'the revocation list URL'),
    graceMs: grace * 1000,
    failOpen: failOpen === true,
  };
}

function loggerOf(value: unknown): VerifierLogger {
  if (value === undefined) return console;
  const logger = value as Partial<VerifierLogger> | null;
  if (typeof logger?.warn !== 'function' || typeof logger.error !== 'function') {
    fail('logger must have warn(message) and error(message) methods');
  }
  return logger as VerifierLogger;
}

function tokenKindOf(value: unknown): TokenKind {
  if (value === undefined || value === 'machine') return 'machine';
  if (value === null) return 'any';
  if (value === 'access' || value === 'id') return value;
  fail(`tokenUse must be 'machine', 'access', 'id' or null, got ${JSON.stringify(value)}`);
}

/**
 * Where the metadata of `issuer` may be: OpenID Connect Discovery appends
 * `/.well-known/openid-configuration` to the issuer, RFC 8414 inserts
 * `/.well-known/oauth-authorization-server` between host and path. Machine verifiers ask
 * Gatehouse's own address first, as they always did; pool verifiers ask the OpenID one first.
 */
export function metadataUrlsFor(issuer: string, kind: TokenKind): readonly string[] {
  const base = issuer.replace(/\/+$/, '');
  const url = new URL(base);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  const appended = `${base}/.well-known/oauth-authorization-server`;
  const inserted = `${url.origin}/.well-known/oauth-authorization-server${path}`;
  const openid = `${base}/.well-known/openid-configuration`;
  const order = kind === 'machine' ? [appended, inserted, openid] : [openid, inserted, appended];
  return Object.freeze([...new Set(order)]);
}

function poolClientIdsOf(value: unknown): ReadonlySet<string> | null {
  if (value === null) return null;
  if (value === undefined) {
    fail(
      'clientId is required for pool tokens: pass the app client id(s) whose tokens this API ' +
        'accepts, or null to accept every app client of the pool',
    );
  }
  if (typeof value === 'string') {
    if (value === '') fail('clientId must not be empty');
    return new Set([value]);
  }
  return new Set(stringList('clientId', value, /^.+$/s, false));
}

/** The options that depend on which tokens pass; mixing them up is a TypeError, not a silent no-op. */
function tokenChecksOf(
  options: AnyVerifierOptions,
  kind: TokenKind,
): Pick<Settings, 'audience' | 'clientIds' | 'requiredScopes'> {
  const raw = options as unknown as Record<string, unknown>;
  const scopes = (): readonly string[] =>
    raw.requiredScopes === undefined
      ? []
      : stringList('requiredScopes', raw.requiredScopes, SCOPE_TOKEN, true);
  if (kind === 'machine') {
    if (raw.clientId !== undefined)
      fail('clientId is for pool tokens (tokenUse); machine verifiers take clientIds');
    return {
      audience: audienceOf(raw.audience),
      clientIds:
        raw.clientIds === undefined ? null : new Set(stringList('clientIds', raw.clientIds, /^.+$/s, false)),
      requiredScopes: scopes(),
    };
  }
  if (raw.clientIds !== undefined) fail('clientIds is for machine tokens; pool verifiers take clientId');
  if (kind === 'id') {
    if (raw.audience !== undefined) {
      fail("an ID token's aud is its app client id: pass clientId, not audience");
    }
    if (raw.requiredScopes !== undefined) fail('ID tokens carry no scopes: leave requiredScopes out');
    return { audience: null, clientIds: poolClientIdsOf(raw.clientId), requiredScopes: [] };
  }
  if (kind === 'any' && raw.requiredScopes !== undefined) {
    fail("ID tokens carry no scopes: with requiredScopes, use tokenUse: 'access'");
  }
  return {
    audience: audienceOf(raw.audience),
    clientIds: poolClientIdsOf(raw.clientId),
    requiredScopes: scopes(),
  };
}

/** Validates every option at construction; misuse throws TypeError naming the option and the fix. */
export function resolveSettings(options: AnyVerifierOptions): Settings {
  if (typeof options !== 'object' || options === null) fail('options are required');
  const issuer = checkUrl(
    'issuer',
    options.issuer,
    'pass the Gatehouse issuer URL, e.g. https://auth.example.com',
  );
  if (new URL(issuer).search || issuer.includes('?')) fail('issuer must not contain a query');
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') fail('fetch must be a function');
  const onBackgroundError = options.onBackgroundError ?? (() => undefined);
  if (typeof onBackgroundError !== 'function') fail('onBackgroundError must be a function');
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail('now must be a function returning epoch milliseconds');
  const tokenUse = tokenKindOf(options.tokenUse);
  return {
    issuer,
    tokenUse,
    metadataUrls: metadataUrlsFor(issuer, tokenUse),
    ...tokenChecksOf(options, tokenUse),
    algorithms: algorithmsOf(options.algorithms),
    toleranceSeconds: positive('clockToleranceSeconds', options.clockToleranceSeconds, 5),
    jwksUri: options.jwksUri === undefined ? undefined : checkUrl('jwksUri', options.jwksUri, 'the JWKS URL'),
    revocation: revocationOf(options.revocation),
    cacheMaxAgeMs: positive('cacheMaxAgeSeconds', options.cacheMaxAgeSeconds, 600) * 1000,
    cooldownMs: positive('jwksCooldownSeconds', options.jwksCooldownSeconds, 30) * 1000,
    fetch: fetchFn,
    onBackgroundError,
    logger: loggerOf(options.logger),
    now,
  };
}

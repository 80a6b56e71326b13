import { isScopeToken } from '@gatehouse/jws';
import { type AssertionKey, readAssertionKey } from './assertion-key.js';
import type { TokenClientOptions } from './options.js';
import { isSecureUrl } from './urls.js';

export type Credentials =
  | { method: 'client_secret_basic' | 'client_secret_post'; secret: string }
  | ({ method: 'private_key_jwt' } & AssertionKey);

/** Options after validation, with every default filled in. Holds the secret: never exposed. */
export interface Settings {
  clientId: string;
  endpoint: { issuer: string } | { tokenEndpoint: string };
  credentials: Credentials;
  resource: string | undefined;
  scopes: readonly string[];
  refreshSkewMs: number;
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  fetch: typeof fetch;
  now: () => number;
}

const DEFAULTS = {
  refreshSkewSeconds: 60,
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  timeoutMs: 10_000,
} as const;

const MAX_TIMER_MS = 2_147_483_647;

function fail(message: string): never {
  throw new TypeError(`createTokenClient: ${message}`);
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function nonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${name} must be a non-empty string`);
  return value;
}

function number(name: string, value: unknown, fallback: number, min: number, max: number, whole = false) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(`${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}, got ${String(value)}`);
  }
  if (whole && !Number.isInteger(value)) fail(`${name} must be a whole number, got ${value}`);
  return value;
}

function endpointUrl(name: 'issuer' | 'tokenEndpoint', value: unknown): string {
  const raw = nonEmptyString(name, value);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${name} must be an absolute URL such as https://auth.example.com`);
  }
  if (url.username || url.password) fail(`${name} must not contain credentials`);
  if (url.hash) fail(`${name} must not have a fragment`);
  if (name === 'issuer' && url.search) fail('issuer must not have a query');
  if (!isSecureUrl(url)) {
    fail(`${name} must use https (plain http only for localhost or 127.0.0.1), got ${url.href}`);
  }
  return name === 'issuer' ? url.href.replace(/\/+$/, '') : url.href;
}

function readEndpoint(options: TokenClientOptions): Settings['endpoint'] {
  const hasIssuer = given(options.issuer);
  if (hasIssuer === given(options.tokenEndpoint)) {
    fail('give exactly one of issuer (discovers the token endpoint) or tokenEndpoint');
  }
  return hasIssuer
    ? { issuer: endpointUrl('issuer', options.issuer) }
    : { tokenEndpoint: endpointUrl('tokenEndpoint', options.tokenEndpoint) };
}

function readCredentials(options: TokenClientOptions): Credentials {
  const hasSecret = given(options.clientSecret);
  if (hasSecret === given(options.privateKey)) fail('give exactly one of clientSecret or privateKey');
  const method: unknown = options.authMethod;
  if (hasSecret) {
    if (method !== undefined && method !== 'client_secret_basic' && method !== 'client_secret_post') {
      fail('authMethod must be client_secret_basic or client_secret_post with a clientSecret');
    }
    if (given(options.keyId) || given(options.algorithm)) fail('keyId and algorithm go with privateKey');
    // The value is never echoed: a secret pasted into the wrong place must not reach a log.
    if (typeof options.clientSecret !== 'string' || options.clientSecret === '') {
      fail('clientSecret must be a non-empty string');
    }
    return { method: method ?? 'client_secret_basic', secret: options.clientSecret };
  }
  if (method !== undefined && method !== 'private_key_jwt') {
    fail('authMethod must be private_key_jwt with a privateKey');
  }
  return {
    method: 'private_key_jwt',
    ...readAssertionKey(options.privateKey, options.keyId, options.algorithm),
  };
}

function readScopes(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('scopes must be an array of strings');
  for (const scope of value as unknown[]) {
    if (typeof scope !== 'string' || !isScopeToken(scope)) {
      fail(`scopes must be scope tokens without spaces, got ${JSON.stringify(scope)}`);
    }
  }
  return Object.freeze([...new Set(value as string[])]);
}

function readFunction<T>(name: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') fail(`${name} must be a function`);
  return value as T;
}

/** Checks every option once, at construction: misuse is a TypeError here, not on the first request. */
export function readSettings(options: TokenClientOptions): Settings {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  const clientId = nonEmptyString('clientId', options.clientId);
  const endpoint = readEndpoint(options);
  const credentials = readCredentials(options);
  const resource = options.resource === undefined ? undefined : nonEmptyString('resource', options.resource);
  if (resource !== undefined && /\s/.test(resource)) fail('resource must not contain whitespace');
  const retry: unknown = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) fail('retry must be an object');
  const { attempts, baseDelayMs, maxDelayMs } = retry as Record<string, unknown>;
  const base = number('retry.baseDelayMs', baseDelayMs, DEFAULTS.baseDelayMs, 0, 60_000);
  const fetchImpl = readFunction<typeof fetch | undefined>('fetch', options.fetch, globalThis.fetch);
  if (fetchImpl === undefined) fail('no global fetch here (Node.js 18 or later has one); pass options.fetch');
  return {
    clientId,
    endpoint,
    credentials,
    resource,
    scopes: readScopes(options.scopes),
    refreshSkewMs:
      1000 * number('refreshSkewSeconds', options.refreshSkewSeconds, DEFAULTS.refreshSkewSeconds, 0, 86_400),
    attempts: number('retry.attempts', attempts, DEFAULTS.attempts, 1, 10, true),
    baseDelayMs: base,
    maxDelayMs: number('retry.maxDelayMs', maxDelayMs, Math.max(DEFAULTS.maxDelayMs, base), base, 300_000),
    timeoutMs: number('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1, MAX_TIMER_MS),
    fetch: fetchImpl,
    now: readFunction('now', options.now, Date.now),
  };
}

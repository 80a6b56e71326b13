import { inspect } from 'node:util';
import { createBearerFetch } from './bearer-fetch.js';
import { createClientAuthentication } from './credentials.js';
import { createEndpointResolver } from './discovery.js';
import { TokenError } from './errors.js';
import { exchange, isRetryableStatus } from './http.js';
import type { TokenClientOptions } from './options.js';
import { readSettings } from './settings.js';
import { readTokenAnswer, type TokenResponse } from './token-response.js';

/**
 * @example
 * ```ts
 * const token = await client.getToken({ forceRefresh: true });
 * ```
 */
export interface GetTokenOptions {
  /** Skip the cache and get a new token (concurrent callers still share one request). */
  forceRefresh?: boolean;
}

/**
 * Gets, caches and renews client-credentials tokens for one client. Made by {@link createTokenClient}.
 *
 * @example
 * ```ts
 * const token = await client.getToken(); // for any HTTP library
 * const { expiresAt, scope } = await client.getTokenResponse();
 * const orders = await client.fetch('https://orders.example.com/orders', { method: 'POST', body });
 * client.invalidate(); // the next call gets a new token
 * ```
 */
export interface TokenClient {
  /**
   * An access token, from the cache until shortly before it expires. Concurrent callers share
   * one request. Throws {@link TokenError}.
   */
  getToken(options?: GetTokenOptions): Promise<string>;
  /** The cached (or a new) token with its lifetime and granted scopes. */
  getTokenResponse(options?: GetTokenOptions): Promise<TokenResponse>;
  /**
   * fetch with `Authorization: Bearer`. On a 401 with `error="invalid_token"` it gets a new token
   * and retries once, when the body can be sent again (no streams). See the README.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Forgets the cached token; the next call gets a new one. */
  invalidate(): void;
}

interface Cached {
  response: TokenResponse;
  /** When to stop serving it: expiry less the skew, the skew at most half the lifetime. */
  refreshAt: number;
}

/** Failures worth riding out on a token that has not expired yet. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof TokenError)) return false;
  if (error.code === 'ERR_NETWORK' || error.code === 'ERR_TIMEOUT') return true;
  return error.status !== undefined && isRetryableStatus(error.status);
}

const copy = (response: TokenResponse): TokenResponse => ({ ...response, scope: [...response.scope] });

/**
 * Creates a token client for the OAuth 2.0 client credentials grant. Checks every option now and
 * throws TypeError on misuse; makes no request until the first token is asked for.
 *
 * @example
 * ```ts
 * import { createTokenClient } from '@gatehouse/client';
 *
 * const client = createTokenClient({
 *   issuer: 'https://auth.example.com',
 *   clientId: process.env.CLIENT_ID!,
 *   clientSecret: process.env.CLIENT_SECRET!,
 *   scopes: ['lj-health-food/place-order'],
 * });
 * const response = await client.fetch('https://orders.example.com/orders', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ item: 'granola', quantity: 2 }),
 * });
 * ```
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const settings = readSettings(options);
  const { clientId, scopes, resource, now } = settings;
  const http = settings;
  const tokenEndpoint = createEndpointResolver(settings.endpoint, http);
  const auth = createClientAuthentication(clientId, settings.credentials, now);
  let cached: Cached | undefined;
  let pending: Promise<TokenResponse> | undefined;
  let generation = 0;

  async function request(): Promise<TokenResponse> {
    const url = await tokenEndpoint();
    const what = `POST ${url}`;
    const sentAt = now();
    const answer = await exchange(
      http,
      url,
      () => {
        const form = new URLSearchParams({ grant_type: 'client_credentials' });
        if (scopes.length > 0) form.set('scope', scopes.join(' '));
        if (resource !== undefined) form.set('resource', resource);
        const headers = new Headers({
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        });
        auth.apply(form, headers, url);
        return { method: 'POST', headers, body: form.toString() };
      },
      what,
    );
    return readTokenAnswer(answer, what, scopes, sentAt, auth.scrub);
  }

  function refresh(): Promise<TokenResponse> {
    if (pending) return pending;
    const started = generation;
    const flight = request()
      .then((response) => {
        if (started === generation) {
          const lifetime = response.expiresAt - now();
          const skew = Math.min(settings.refreshSkewMs, Math.max(0, lifetime) / 2);
          cached = { response, refreshAt: response.expiresAt - skew };
        }
        return response;
      })
      .finally(() => {
        if (pending === flight) pending = undefined;
      });
    pending = flight;
    return flight;
  }

  async function current(force: boolean): Promise<TokenResponse> {
    const held = cached;
    if (!force && held && now() < held.refreshAt) return held.response;
    try {
      return await refresh();
    } catch (error) {
      // Refreshing early exists for this: an outage before expiry does not fail the caller.
      if (!force && held && cached === held && isTransient(error) && now() < held.response.expiresAt) {
        return held.response;
      }
      throw error;
    }
  }

  function invalidate(): void {
    generation++;
    cached = undefined;
    pending = undefined;
  }

  const client: TokenClient = {
    getToken: async (opts = {}) => (await current(opts.forceRefresh === true)).accessToken,
    getTokenResponse: async (opts = {}) => copy(await current(opts.forceRefresh === true)),
    fetch: createBearerFetch(settings.fetch, {
      getToken: async () => (await current(false)).accessToken,
      drop(refused) {
        if (cached?.response.accessToken === refused) cached = undefined;
      },
    }),
    invalidate,
  };
  // What a log line or debugger may show: never the secret, the key or a token.
  const shown = {
    clientId,
    ...settings.endpoint,
    authMethod: settings.credentials.method,
    ...(resource === undefined ? {} : { resource }),
    scopes: [...scopes],
  };
  Object.defineProperties(client, {
    toJSON: { value: () => ({ ...shown }) },
    [inspect.custom]: { value: () => `TokenClient ${inspect(shown)}` },
  });
  return Object.freeze(client);
}

import type { AssertionAlg } from '@gatehouse/jws';
import type { JsonWebKey, KeyObject } from 'node:crypto';

/**
 * Algorithms the client signs `private_key_jwt` assertions with: the ones Gatehouse accepts.
 *
 * @example
 * ```ts
 * createTokenClient({ issuer, clientId, privateKey: rsaKey, algorithm: 'PS256' });
 * ```
 */
export type AssertionAlgorithm = AssertionAlg;

/**
 * Retries of network errors, timeouts, 5xx and 429 answers, with full-jitter exponential backoff.
 *
 * @example
 * ```ts
 * createTokenClient({ issuer, clientId, clientSecret, retry: { attempts: 5, maxDelayMs: 2000 } });
 * ```
 */
export interface RetryOptions {
  /** Tries in all, the first included. Default 3; 1 turns retries off. */
  attempts?: number;
  /** The backoff ceiling before the first retry; it doubles each time. Default 200 ms. */
  baseDelayMs?: number;
  /** The longest wait between tries, also the cap on a server's `Retry-After`. Default 5000 ms. */
  maxDelayMs?: number;
}

/**
 * Settings every client shares, whatever its endpoint and credentials.
 *
 * @example
 * ```ts
 * const common: CommonOptions = { clientId: 'svc-orders', resource: 'lj-health-food', scopes: ['place-order'] };
 * ```
 */
export interface CommonOptions {
  /** The `client_id` Gatehouse issued. */
  clientId: string;
  /** RFC 8707 resource indicator: the identifier of the API the token is for (its `aud`). */
  resource?: string;
  /**
   * Scopes to request: short names (`place-order`) together with `resource`, or qualified
   * names (`lj-health-food/place-order`). None means every scope the client holds on the resource.
   */
  scopes?: readonly string[];
  /** Refresh this long before the token expires. Default 60, capped at half the token's lifetime. */
  refreshSkewSeconds?: number;
  retry?: RetryOptions;
  /** Per HTTP request (each try), including reading the body. Default 10000. */
  timeoutMs?: number;
  /** The fetch to use, for token requests, discovery and `client.fetch`. Default: the global fetch. */
  fetch?: typeof fetch;
  /** The clock, in epoch milliseconds, for token expiry and assertion times. For tests. */
  now?: () => number;
}

/**
 * Where to ask for tokens: the issuer (discovered once through RFC 8414 metadata) or the token endpoint.
 *
 * @example
 * ```ts
 * const byIssuer: EndpointOptions = { issuer: 'https://auth.example.com' };
 * const direct: EndpointOptions = { tokenEndpoint: 'https://auth.example.com/oauth2/token' };
 * ```
 */
export type EndpointOptions =
  { issuer: string; tokenEndpoint?: never } | { tokenEndpoint: string; issuer?: never };

/**
 * A client secret, sent in the Authorization header (default) or in the form body.
 *
 * @example
 * ```ts
 * const credentials: SecretCredentials = { clientSecret: process.env.CLIENT_SECRET!, authMethod: 'client_secret_post' };
 * ```
 */
export interface SecretCredentials {
  clientSecret: string;
  authMethod?: 'client_secret_basic' | 'client_secret_post';
  privateKey?: never;
  keyId?: never;
  algorithm?: never;
}

/**
 * A private key that signs an RFC 7523 assertion per request (`private_key_jwt`).
 *
 * @example
 * ```ts
 * const credentials: KeyCredentials = { privateKey: readFileSync('client.pem', 'utf8'), keyId: 'client-2026-01' };
 * ```
 */
export interface KeyCredentials {
  /** A KeyObject, a private JWK, or a PEM string (PKCS#8, SEC1 or PKCS#1). */
  privateKey: KeyObject | JsonWebKey | string;
  /** The `kid` of the registered public key; defaults to the JWK's `kid` when it has one. */
  keyId?: string;
  /** Default: inferred from the key (P-256 → ES256, RSA → RS256, RSA-PSS → PS256, Ed25519 → EdDSA). */
  algorithm?: AssertionAlgorithm;
  authMethod?: 'private_key_jwt';
  clientSecret?: never;
}

/**
 * Options of {@link createTokenClient}: a client id, exactly one of `issuer` or `tokenEndpoint`,
 * and exactly one of `clientSecret` or `privateKey`. Giving both, or neither, does not compile,
 * and throws TypeError from plain JavaScript.
 *
 * @example
 * ```ts
 * const options: TokenClientOptions = {
 *   issuer: 'https://auth.example.com',
 *   clientId: 'svc-orders',
 *   clientSecret: process.env.CLIENT_SECRET!,
 *   scopes: ['lj-health-food/place-order'],
 *   refreshSkewSeconds: 120,
 * };
 * ```
 */
export type TokenClientOptions = CommonOptions & EndpointOptions & (SecretCredentials | KeyCredentials);

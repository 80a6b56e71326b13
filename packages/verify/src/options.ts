import type { AssertionAlg } from '@gatehouse/jws';

/** Asymmetric JWS algorithms a verifier can accept. `none` and HS* are not in the type, on purpose. */
export type VerifierAlgorithm = AssertionAlg;

/**
 * Revocation list polling: the server's kill switch for revoked tokens and disabled clients.
 * The verifier downloads the list once, then only what changed since (a cursor the server
 * hands out). A verifier that cannot refresh the list for longer than `graceSeconds` fails
 * closed: `verify()` rejects every token with `ERR_REVOCATION_STALE` until a poll succeeds.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://orders.example.com',
 *   // A revoked token or disabled client is refused within 5 s; after 60 s without a fresh
 *   // list, every token is refused (503) until Gatehouse answers again.
 *   revocation: { pollIntervalSeconds: 5, graceSeconds: 60 },
 * });
 * ```
 */
export interface RevocationOptions {
  /** How often to fetch the list, in seconds (fractions allowed, at least 0.05). Default 10. */
  pollIntervalSeconds?: number;
  /** Where the list is; by default the `revocation_list_endpoint` of the issuer's metadata. */
  url?: string;
  /**
   * How long the verifier goes on with a list it could not refresh, in seconds, counted from
   * the start of the last poll that worked (or from the first poll, before any worked). At
   * least twice `pollIntervalSeconds`. Default 120, or three poll intervals when that is longer.
   */
  graceSeconds?: number;
  /**
   * `true` keeps accepting tokens on a list older than `graceSeconds` (a revoked token or a
   * disabled client then passes until the list is fetched again). The stale list is still
   * reported, once, to `onBackgroundError` and `logger`. Default `false`: fail closed.
   */
  failOpen?: boolean;
}

/** Where the verifier says, once per change, that its revocation list went stale or recovered. */
export interface VerifierLogger {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Options of `createVerifier`. `issuer` and `audience` are required by the types: a verifier
 * that forgot to check either would accept tokens minted for someone else.
 *
 * @example
 * ```ts
 * const options: VerifierOptions = {
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://orders.example.com',
 *   requiredScopes: ['list-orders'],
 * };
 * ```
 */
export interface VerifierOptions {
  /** The Gatehouse issuer URL, compared exactly with the `iss` claim. */
  issuer: string;
  /**
   * The `aud` value(s) this API accepts; a token must name at least one of them.
   * `null` opts out of the audience check: only for a component that checks `aud` itself per
   * route (a gateway in front of several APIs, say), never for a single API.
   */
  audience: string | readonly string[] | null;
  /** Scopes every token must carry (all of them); `verify()` may require more per call. */
  requiredScopes?: readonly string[];
  /** When set, only tokens issued to these `client_id`s are accepted. */
  clientIds?: readonly string[];
  /** Accepted signature algorithms. Default `['ES256', 'RS256', 'EdDSA']` (what Gatehouse signs with). */
  algorithms?: readonly VerifierAlgorithm[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** The JWKS URL; by default the `jwks_uri` of `${issuer}/.well-known/oauth-authorization-server`. */
  jwksUri?: string;
  /**
   * The revocation kill switch. By default the verifier polls the issuer's advertised
   * `revocation_list_endpoint` every 10 s; `false` turns polling off.
   */
  revocation?: RevocationOptions | false;
  /** After this many seconds the JWKS is refreshed in the background (verification goes on meanwhile). Default 600. */
  cacheMaxAgeSeconds?: number;
  /** A token with an unknown `kid` triggers at most one JWKS refetch per this many seconds. Default 30. */
  jwksCooldownSeconds?: number;
  /** The fetch used for metadata, JWKS and revocation list; injectable for tests and proxies. */
  fetch?: typeof fetch;
  /**
   * Called with failures no `verify()` call can report: a background JWKS refresh or a
   * revocation list poll that failed (the last good data stays in use), and, once, a
   * `VerifyError` with code `ERR_REVOCATION_STALE` when the list goes stale. Default: ignored.
   */
  onBackgroundError?: (error: Error) => void;
  /**
   * Gets one line when the revocation list goes stale (`error`) and one when it is fresh again
   * (`warn`): never one per request. Default `console`.
   */
  logger?: VerifierLogger;
  /**
   * The current time in epoch milliseconds, for `exp`/`nbf`/`iat` and the revocation list's age
   * (the key cache keeps real time). Default `Date.now`; for tests.
   */
  now?: () => number;
}

/** Per-call options of `verifier.verify()`. */
export interface VerifyOptions {
  /** Scopes this call requires, in addition to the verifier's `requiredScopes`. */
  requiredScopes?: readonly string[];
}

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

/** Options every verifier takes, whatever tokens it accepts. */
export interface CommonVerifierOptions {
  /**
   * The issuer URL, compared exactly with the `iss` claim: the Gatehouse issuer for machine
   * tokens, a pool issuer (`https://auth.example.com/pools/local_AbC123xyz`) for people's tokens.
   */
  issuer: string;
  /** Accepted signature algorithms. Default `['ES256', 'RS256', 'EdDSA']` (what Gatehouse signs with). */
  algorithms?: readonly VerifierAlgorithm[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /**
   * The JWKS URL; by default the `jwks_uri` of the issuer's metadata: for machine tokens
   * `${issuer}/.well-known/oauth-authorization-server` (then the RFC 8414 and OpenID forms on 404),
   * for pool tokens `${issuer}/.well-known/openid-configuration` (then the RFC 8414 forms).
   */
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

/**
 * Machine tokens (client credentials, RFC 9068), the default when `tokenUse` is left out.
 * `issuer` and `audience` are required by the types: a verifier that forgot to check either
 * would accept tokens minted for someone else.
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
export interface MachineVerifierOptions extends CommonVerifierOptions {
  /** `'machine'` (or left out): tokens a client got for itself, typ `at+jwt`. */
  tokenUse?: 'machine';
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
  /** Pool tokens only; machine verifiers take `clientIds`. */
  clientId?: never;
}

/**
 * A pool's access tokens (RFC 9068, typ `at+jwt`, `token_use: "access"`): a person signed in
 * through an app client, and the app calls an API with the person's token. As in
 * aws-jwt-verify's CognitoJwtVerifier, `clientId` is required, `null` being the explicit opt-out.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   issuer: 'https://auth.example.com/pools/local_AbC123xyz',
 *   tokenUse: 'access',
 *   audience: 'lj-health-food',
 *   clientId: '1example23456789abcdefghij',
 * });
 * ```
 */
export interface PoolAccessVerifierOptions extends CommonVerifierOptions {
  tokenUse: 'access';
  /**
   * The `aud` value(s) accepted: a resource server identifier, or `${issuer}/oauth2/userInfo`
   * for tokens requested without one. `null` opts out.
   */
  audience: string | readonly string[] | null;
  /** The app client id(s) whose tokens are accepted (the `client_id` claim); `null` accepts any app of the pool. */
  clientId: string | readonly string[] | null;
  requiredScopes?: readonly string[];
  /** Machine verifiers only; pool verifiers take `clientId`. */
  clientIds?: never;
}

/**
 * A pool's ID tokens (OpenID Connect, typ `JWT`, `token_use: "id"`): who signed in, for the app
 * they signed in to. Their `aud` is the app client id, so `clientId` is the audience check.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   issuer: 'https://auth.example.com/pools/local_AbC123xyz',
 *   tokenUse: 'id',
 *   clientId: '1example23456789abcdefghij',
 * });
 * const { sub, email } = await verifier.verify(idToken);
 * ```
 */
export interface PoolIdVerifierOptions extends CommonVerifierOptions {
  tokenUse: 'id';
  /** The app client id(s) the ID token must be for (its `aud`); `null` opts out. */
  clientId: string | readonly string[] | null;
  /** ID tokens name their app in `aud`: use `clientId`. */
  audience?: never;
  /** ID tokens carry no scopes. */
  requiredScopes?: never;
  clientIds?: never;
}

/**
 * Either kind of pool token, told apart by `token_use` (and checked against the header's typ):
 * what API Gateway's Cognito authorizer accepts. `clientId` is checked against `aud` for ID
 * tokens and against `client_id` for access tokens; `audience` applies to access tokens only.
 */
export interface PoolAnyVerifierOptions extends CommonVerifierOptions {
  tokenUse: null;
  audience: string | readonly string[] | null;
  clientId: string | readonly string[] | null;
  /** An ID token has no scopes; require them per call, or use `tokenUse: 'access'`. */
  requiredScopes?: never;
  clientIds?: never;
}

/**
 * Options of a machine-token verifier, the name they always had (`MachineVerifierOptions`);
 * `AnyVerifierOptions` covers pool verifiers too.
 */
export type VerifierOptions = MachineVerifierOptions;

/** Everything `createVerifier` takes: machine tokens by default, a pool's tokens with `tokenUse`. */
export type AnyVerifierOptions =
  MachineVerifierOptions | PoolAccessVerifierOptions | PoolIdVerifierOptions | PoolAnyVerifierOptions;

/** Per-call options of `verifier.verify()`. */
export interface VerifyOptions {
  /** Scopes this call requires, in addition to the verifier's `requiredScopes`. */
  requiredScopes?: readonly string[];
}

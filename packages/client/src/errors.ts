/**
 * What went wrong, as a stable string you can branch on:
 *
 * - `ERR_OAUTH`: the server answered with an OAuth error (`invalid_client`, `invalid_scope`,
 *   `invalid_target`, `unauthorized_client`, ...). 4xx answers surface at once, without retries;
 *   a 5xx carrying an error body (`temporarily_unavailable`) surfaces after the last attempt.
 * - `ERR_NETWORK`: no answer at all (connection refused or reset, DNS failure) after every attempt.
 * - `ERR_TIMEOUT`: no complete answer within `timeoutMs`, on every attempt.
 * - `ERR_BAD_RESPONSE`: an answer that is not a valid token response (wrong `token_type`, missing
 *   `access_token`, bad `expires_in`, not JSON), or an error status without an OAuth error body.
 * - `ERR_DISCOVERY`: the issuer's metadata could not be fetched or does not fit the issuer.
 *
 * @example
 * ```ts
 * const retryLater = (code: TokenErrorCode) => code === 'ERR_NETWORK' || code === 'ERR_TIMEOUT';
 * ```
 */
export type TokenErrorCode =
  'ERR_OAUTH' | 'ERR_NETWORK' | 'ERR_TIMEOUT' | 'ERR_BAD_RESPONSE' | 'ERR_DISCOVERY';

export interface TokenErrorDetails {
  status?: number | undefined;
  oauthError?: string | undefined;
  oauthErrorDescription?: string | undefined;
  cause?: unknown;
}

/**
 * The one error the token client throws after construction. Its message names the endpoint and
 * what failed; it never contains a client secret, an assertion or a token.
 *
 * @example
 * ```ts
 * try {
 *   await client.getToken();
 * } catch (error) {
 *   if (error instanceof TokenError && error.oauthError === 'invalid_client') {
 *     console.error('rotate the client secret:', error.message);
 *   }
 *   throw error;
 * }
 * ```
 */
export class TokenError extends Error {
  override name = 'TokenError';
  readonly code: TokenErrorCode;
  /** The HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** The OAuth `error` field, e.g. `invalid_client`, `invalid_scope`. */
  readonly oauthError?: string;
  /** The OAuth `error_description` field, when the server sent one. */
  readonly oauthErrorDescription?: string;

  constructor(code: TokenErrorCode, message: string, details: TokenErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.oauthErrorDescription !== undefined) {
      this.oauthErrorDescription = details.oauthErrorDescription;
    }
  }
}

/** Server-supplied text goes into messages only printable, and short. */
export function clip(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

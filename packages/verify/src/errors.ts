/**
 * Stable codes for every way a token can fail verification. Match on `code`, never on the
 * message: messages may improve, codes do not change.
 */
export type VerifyErrorCode =
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_ISSUER_MISMATCH'
  | 'ERR_AUDIENCE_MISMATCH'
  | 'ERR_TYP_INVALID'
  | 'ERR_ALG_NOT_ALLOWED'
  | 'ERR_INSUFFICIENT_SCOPE'
  | 'ERR_CLIENT_NOT_ALLOWED'
  /** A pool verifier got the other kind of pool token (`token_use` is not what `tokenUse` asks for). */
  | 'ERR_TOKEN_USE_MISMATCH'
  | 'ERR_JWKS_UNAVAILABLE'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_TOKEN_REVOKED'
  | 'ERR_REVOCATION_STALE';

/** What was checked, what the token had, and what was required. */
export interface FailedAssertion {
  /** A claim (`exp`, `aud`, `scope`, …), a header parameter (`typ`, `alg`, `kid`), or `Authorization`. */
  claim: string;
  actual: unknown;
  expected: unknown;
}

/**
 * Thrown (as a rejection) by `verifier.verify()` and by `bearerToken()`. Messages never contain
 * the token itself, so they are safe to log.
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token);
 * } catch (error) {
 *   if (error instanceof VerifyError && error.code === 'ERR_TOKEN_EXPIRED') {
 *     console.log('expired at', error.failedAssertion?.actual);
 *   }
 *   throw error;
 * }
 * ```
 */
export class VerifyError extends Error {
  override name = 'VerifyError';
  readonly code: VerifyErrorCode;
  readonly failedAssertion?: FailedAssertion;
  /**
   * The client the token was issued to (`client_id`; an ID token's `aud`). Set only once the
   * token's signature checked out, so it names a real client, never what a forger wrote.
   */
  readonly clientId?: string;

  constructor(
    code: VerifyErrorCode,
    message: string,
    failedAssertion?: FailedAssertion,
    options?: { cause?: unknown; clientId?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (failedAssertion !== undefined) this.failedAssertion = failedAssertion;
    if (options?.clientId !== undefined) this.clientId = options.clientId;
  }
}

/** Shorthand for a claim check that failed. */
export function failed(
  code: VerifyErrorCode,
  message: string,
  claim: string,
  actual: unknown,
  expected: unknown,
): VerifyError {
  return new VerifyError(code, message, { claim, actual, expected });
}

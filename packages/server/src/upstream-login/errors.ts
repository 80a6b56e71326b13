export type SsoErrorCode =
  | 'discovery_failed'
  | 'idp_error'
  | 'state_mismatch'
  | 'login_expired'
  | 'token_exchange_failed'
  | 'id_token_invalid'
  | 'userinfo_failed';

/**
 * A single sign-on step that failed. `message` is safe to show the person signing in; what went
 * wrong in detail is in `cause`, for the log. Neither ever holds a secret, a code or a token.
 */
export class SsoError extends Error {
  override name = 'SsoError';
  readonly code: SsoErrorCode;

  constructor(code: SsoErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

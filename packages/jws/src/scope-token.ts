/** RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E, one or more; no spaces, quotes or backslashes. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether `value` is a single scope-token (RFC 6749 §3.3). */
export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}

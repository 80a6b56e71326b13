/** What the SSO callback's `?error=` codes mean to a person; unknown codes are shown as they are. */
const MESSAGES: Record<string, string> = {
  idp_error: 'The identity provider refused the sign-in.',
  login_expired: 'The sign-in took too long. Try again.',
  state_mismatch: 'The sign-in was started in another tab or window. Try again.',
  discovery_failed: 'Gatehouse could not reach the identity provider. Try again later.',
  token_exchange_failed: 'The identity provider did not confirm the sign-in. Try again.',
  id_token_invalid: 'The identity provider’s answer could not be verified.',
  userinfo_failed: 'The identity provider did not say who you are.',
  sso_failed: 'Single sign-on failed. Try again.',
  account_disabled: 'This account is disabled. Ask a platform admin to enable it.',
};

export function ssoErrorMessage(code: string): string {
  return MESSAGES[code] ?? `Single sign-on failed (${code}).`;
}

export function lockedMessage(retryAfter: number | undefined): string {
  if (!retryAfter) return 'Too many failed attempts. Try again later.';
  const minutes = Math.ceil(retryAfter / 60);
  return retryAfter < 60
    ? `Too many failed attempts. Try again in ${retryAfter} seconds.`
    : `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

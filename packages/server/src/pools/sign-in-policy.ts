import type { AuthorizationRequest } from './authorize-request.js';

/** What the authorization endpoint does next for a browser that may already have a session. */
export type SignInDecision =
  /** Issue a code for the session's user now. */
  | { action: 'issue-code' }
  /** Show the sign-in page (then come back). */
  | { action: 'sign-in' }
  /** prompt=none and a sign-in would be needed: error back to the client (OIDC Core §3.1.2.6). */
  | { action: 'error'; error: 'login_required'; description: string };

/**
 * OIDC Core §3.1.2.1: `prompt=login` forces a fresh sign-in; `max_age` forces one when the last
 * was longer ago (max_age=0 is the same as prompt=login); `prompt=none` never shows a page.
 * `consent` and `select_account` need no page here: a pool's clients are first-party and a
 * session holds one user. `requestedAt` is when the browser first arrived with this request: a
 * sign-in since then satisfies prompt=login and max_age, so coming back from the page cannot loop.
 */
export function decideSignIn(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  session: { authTime: number } | undefined,
  clock: { now: number; requestedAt?: number | undefined },
): SignInDecision {
  const { now, requestedAt } = clock;
  if (session !== undefined && requestedAt !== undefined && session.authTime >= requestedAt) {
    return { action: 'issue-code' };
  }
  const tooOld =
    session !== undefined && request.maxAge !== undefined && now - session.authTime >= request.maxAge * 1000;
  const none = request.prompt.includes('none');
  if (session === undefined || tooOld) {
    return none
      ? { action: 'error', error: 'login_required', description: 'the person must sign in' }
      : { action: 'sign-in' };
  }
  return request.prompt.includes('login') ? { action: 'sign-in' } : { action: 'issue-code' };
}

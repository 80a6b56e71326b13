import type { LivePoolSession } from '../services/pools/pool-sessions.js';
import { authorizationSuccessUrl } from './authorization-response.js';
import type { AuthorizationRequest } from './authorize-request.js';
import { type PageContext, PageProblem, sendRedirect } from './page-context.js';

/** How long a person may take on the hosted pages before the app's request lapses. */
const PENDING_TTL_MS = 30 * 60_000;
const PURPOSE = 'pool-authorize';

/** An authorization request waiting for a sign-in, as the pages carry it (signed, expiring). */
export interface PendingRequest {
  poolId: string;
  request: AuthorizationRequest;
  /** When the browser arrived at authorize: a sign-in since then satisfies prompt=login and max_age. */
  requestedAt: number;
}

export function sealPending(ctx: PageContext, request: AuthorizationRequest): string {
  const pending: PendingRequest = {
    poolId: ctx.pool.row.id,
    request,
    requestedAt: ctx.deps.gatehouse.clock.now(),
  };
  return ctx.deps.gatehouse.poolHandles.seal(PURPOSE, pending, PENDING_TTL_MS);
}

/**
 * The pending request a page was handed, checked: signed by us, not expired, for this pool,
 * and still for a client that has this redirect URI. A handle that fails is a 400 page (never a
 * redirect); no handle at all is undefined: the person came to the page on their own.
 */
export async function openPending(
  ctx: PageContext,
  handle: string | undefined,
): Promise<PendingRequest | undefined> {
  if (handle === undefined) return undefined;
  const value = ctx.deps.gatehouse.poolHandles.open(PURPOSE, handle) as PendingRequest | undefined;
  const client =
    value && value.poolId === ctx.pool.row.id
      ? await ctx.deps.gatehouse.appClients.lookup(value.request.clientId)
      : undefined;
  if (
    !value ||
    !client ||
    client.poolId !== ctx.pool.row.id ||
    !client.redirectUris.includes(value.request.redirectUri) ||
    !value.request.scopes.every((s) => client.scopes.includes(s))
  ) {
    throw new PageProblem(
      400,
      'This sign-in has expired',
      'This sign-in link is no longer valid. Go back to the app and start again.',
    );
  }
  return value;
}

/** Issues the code for a signed-in session and sends the browser back to the app (RFC 6749 §4.1.2, RFC 9207). */
export async function redirectWithCode(
  ctx: PageContext,
  request: AuthorizationRequest,
  session: LivePoolSession,
  cookies: readonly string[] = [],
): Promise<void> {
  const code = await ctx.deps.gatehouse.poolAuthCodes.issue({
    poolId: ctx.pool.row.id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    sub: session.sub,
    authTime: session.authTime,
    sessionIdHash: session.idHash,
  });
  const url = authorizationSuccessUrl(request.redirectUri, {
    code,
    state: request.state,
    iss: ctx.poolIssuer,
  });
  sendRedirect(ctx, url, cookies);
}

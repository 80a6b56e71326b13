import { authorizationErrorUrl } from './authorization-response.js';
import { readAuthorizeParams } from './authorize-params.js';
import { validateAuthorizeRequest } from './authorize-request.js';
import { type PageContext, PageProblem, queryOf, readPageForm, sendRedirect } from './page-context.js';
import { redirectWithCode, sealPending } from './pending-request.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import { decideSignIn } from './sign-in-policy.js';
import { PAGE_PATHS } from './pages/index.js';

/**
 * The authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2), GET or POST. Errors found
 * before the client and its redirect URI are known good are pages; later ones go back to the
 * app. With a live session the code is issued at once; otherwise the browser goes to the
 * sign-in page carrying the request as a signed handle.
 */
export async function authorize(ctx: PageContext): Promise<void> {
  const { gatehouse, runtime } = ctx.deps;
  const params =
    ctx.req.method === 'POST' ? await readPageForm(ctx.req) : readAuthorizeParams(queryOf(ctx.req));
  const outcome = await validateAuthorizeRequest(params, {
    poolIssuer: ctx.poolIssuer,
    resources: runtime,
    findClient: async (clientId) => {
      const client = await gatehouse.appClients.lookup(clientId);
      return client?.poolId === ctx.pool.row.id ? client : undefined;
    },
  });
  if (outcome.kind === 'page-error') {
    throw new PageProblem(
      outcome.status,
      'The app sent a request that cannot be used',
      `${outcome.description}.`,
    );
  }
  if (outcome.kind === 'redirect-error') {
    sendRedirect(ctx, outcome.url);
    return;
  }
  const { request } = outcome;
  const cookie = readSessionCookie(ctx);
  const session = await gatehouse.poolSessions.resolve(ctx.pool.row.id, cookie);
  // A cookie whose session has ended is dropped, so the browser stops sending it.
  const stale = cookie !== undefined && !session ? [clearSessionCookie(ctx)] : [];
  const decision = decideSignIn(request, session, { now: gatehouse.clock.now() });
  if (decision.action === 'issue-code' && session) {
    await redirectWithCode(ctx, request, session);
    return;
  }
  if (decision.action === 'error') {
    const url = authorizationErrorUrl(request.redirectUri, {
      error: decision.error,
      description: decision.description,
      state: request.state,
      iss: ctx.poolIssuer,
    });
    sendRedirect(ctx, url, stale);
    return;
  }
  const pending = sealPending(ctx, request);
  sendRedirect(ctx, `${ctx.basePath}/${PAGE_PATHS.signIn}?pending=${encodeURIComponent(pending)}`, stale);
}

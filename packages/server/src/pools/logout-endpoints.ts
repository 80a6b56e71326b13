import type { RawParams } from './authorize-params.js';
import { validateCognitoLogout, validateEndSessionRequest, type LogoutContext } from './logout-request.js';
import {
  type PageContext,
  PageProblem,
  readPageForm,
  readQuery,
  sendPage,
  sendRedirect,
} from './page-context.js';
import { renderSignedOut } from './pages/index.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';

function logoutContext(ctx: PageContext): LogoutContext {
  return {
    poolIssuer: ctx.poolIssuer,
    keys: ctx.deps.runtime.keys.publicKeys,
    findClient: async (clientId) => {
      const client = await ctx.deps.gatehouse.appClients.lookup(clientId);
      return client?.poolId === ctx.pool.row.id ? client : undefined;
    },
  };
}

async function logOut(
  ctx: PageContext,
  validate: (params: RawParams, context: LogoutContext) => ReturnType<typeof validateCognitoLogout>,
): Promise<void> {
  const params = ctx.req.method === 'POST' ? await readPageForm(ctx.req) : readQuery(ctx.req);
  const outcome = await validate(params, logoutContext(ctx));
  if (outcome.kind === 'page-error') {
    throw new PageProblem(
      outcome.status,
      'The app sent a sign-out request that cannot be used',
      `${outcome.description}.`,
    );
  }
  // The browser's own session ends whoever the hint names: the person asked to sign out here.
  const cookie = readSessionCookie(ctx);
  if (cookie !== undefined) await ctx.deps.gatehouse.poolSessions.end(cookie);
  const cookies = [clearSessionCookie(ctx)];
  if (outcome.redirectUrl !== undefined) {
    sendRedirect(ctx, outcome.redirectUrl, cookies);
    return;
  }
  sendPage(
    ctx,
    (nonce) =>
      renderSignedOut({
        nonce,
        pool: ctx.page,
        basePath: ctx.basePath,
        signInAgain: outcome.clientId !== undefined,
      }),
    { cookies },
  );
}

/** OIDC RP-Initiated Logout 1.0 (GET or POST): id_token_hint, post_logout_redirect_uri, state, client_id. */
export function endSession(ctx: PageContext): Promise<void> {
  return logOut(ctx, validateEndSessionRequest);
}

/** Cognito's GET /logout?client_id=…&logout_uri=…. */
export function cognitoLogout(ctx: PageContext): Promise<void> {
  return logOut(ctx, validateCognitoLogout);
}

import { authConfigSchema, loginSchema, type Me, meSchema, setupSchema, text } from '@gatehouse/schemas';
import { z } from 'zod';
import { PATHS } from '../../oauth/metadata.js';
import { userView } from '../../services/views.js';
import type { UserRow } from '../../services/sessions.js';
import { SsoNotAllowedError } from '../../upstream-login/index.js';
import { ApiHttpError } from '../api-error.js';
import { sendSsoDenied } from '../sso-denied-page.js';
import type { AdminServer } from '../context.js';
import { clearSessionCookie, sessionCookie } from '../cookies.js';
import { ANSWERED, route, type RouteContext } from '../route.js';

const TAG = 'Sign-in';

async function me(
  server: AdminServer,
  user: UserRow,
  csrfToken: string,
  ctx: { origin: RouteContext<unknown, unknown>['origin'] },
): Promise<Me> {
  const { sessions } = server.gatehouse;
  const actor = await sessions.actorFor(user, ctx.origin);
  const teams = (await sessions.teamsOf(actor)).map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    role: actor.teams.get(t.id) ?? 'member',
  }));
  return { user: userView(user), teams, csrfToken };
}

/** Starts a session for a user who just proved who they are, and answers with what the portal needs. */
export async function signIn(ctx: RouteContext<unknown, unknown>, user: UserRow): Promise<Me> {
  const { server, res, origin } = ctx;
  const { token, csrfToken } = await server.gatehouse.sessions.create(user.id, origin);
  res.setHeader('set-cookie', sessionCookie(token, server.secureCookies));
  return me(server, user, csrfToken, ctx);
}

function safeReturnTo(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export const authRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/auth/config',
    summary: 'How to sign in here, and where the token endpoint is',
    tag: TAG,
    access: 'public',
    response: authConfigSchema,
    async handler({ server }) {
      return {
        localLogin: server.localLogin,
        sso: { enabled: server.sso !== undefined, label: server.sso?.label ?? '' },
        setupRequired: await server.gatehouse.users.isSetupRequired(),
        issuer: server.issuer,
        tokenEndpoint: server.issuer + PATHS.token,
        jwksUri: server.issuer + PATHS.jwks,
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/login',
    summary: 'Sign in with email and password',
    tag: TAG,
    access: 'public',
    body: loginSchema,
    response: meSchema,
    async handler(ctx) {
      if (!ctx.server.localLogin) {
        throw new ApiHttpError(403, 'local_login_disabled', 'sign in with single sign-on instead');
      }
      const user = await ctx.server.gatehouse.users.authenticate(ctx.body, ctx.origin);
      return signIn(ctx, user);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/setup',
    summary: 'Create the first platform admin with the one-time setup link',
    tag: TAG,
    access: 'public',
    body: setupSchema,
    response: meSchema,
    async handler(ctx) {
      const user = await ctx.server.gatehouse.users.completeSetup(ctx.body, ctx.origin);
      return signIn(ctx, user);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'Sign out: ends this session',
    tag: TAG,
    access: 'user',
    async handler({ server, auth, res }) {
      if (auth.kind === 'session') await server.gatehouse.sessions.destroy(auth.token);
      res.setHeader('set-cookie', clearSessionCookie(server.secureCookies));
      return undefined;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in person, their teams, and the CSRF token for changes',
    tag: TAG,
    access: 'user',
    response: meSchema,
    async handler(ctx) {
      if (ctx.auth.kind !== 'session' || ctx.actor.id === null)
        throw new ApiHttpError(401, 'unauthenticated', 'sign in first');
      const user = await ctx.server.gatehouse.sessions.findUser(ctx.actor.id);
      if (!user) throw new ApiHttpError(401, 'unauthenticated', 'sign in first');
      return me(ctx.server, user, ctx.auth.csrfToken, ctx);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/auth/sso/start',
    status: 302,
    summary: 'Send the browser to the company identity provider',
    tag: TAG,
    access: 'public',
    query: z.object({ returnTo: text().max(2000).optional() }),
    async handler({ server, query, res }) {
      if (!server.sso) throw new ApiHttpError(404, 'not_found', 'single sign-on is not configured');
      const url = await server.sso.start(safeReturnTo(query.returnTo));
      res.writeHead(302, { location: url, 'cache-control': 'no-store' });
      res.end();
      return ANSWERED;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/auth/sso/callback',
    status: 302,
    summary: 'Where the identity provider sends the browser back',
    tag: TAG,
    access: 'public',
    async handler(ctx) {
      const { server, req, res } = ctx;
      if (!server.sso) throw new ApiHttpError(404, 'not_found', 'single sign-on is not configured');
      const query = new URL(req.url ?? '/', 'http://gatehouse.invalid').searchParams;
      let location: string;
      try {
        const { userId, returnTo } = await server.sso.finish(query, ctx.origin);
        const { token } = await server.gatehouse.sessions.create(userId, ctx.origin);
        res.setHeader('set-cookie', sessionCookie(token, server.secureCookies));
        location = safeReturnTo(returnTo);
      } catch (error) {
        if (error instanceof SsoNotAllowedError) {
          server.logger.warn('single sign-on refused by the allow-list', { subject: error.subject });
          sendSsoDenied(res, error.who);
          return ANSWERED;
        }
        const code = (error as { code?: unknown }).code;
        server.logger.warn('single sign-on failed', { code, error: (error as Error).message });
        location = `/login?error=${encodeURIComponent(typeof code === 'string' ? code : 'sso_failed')}`;
      }
      res.writeHead(302, { location, 'cache-control': 'no-store' });
      res.end();
      return ANSWERED;
    },
  }),
];

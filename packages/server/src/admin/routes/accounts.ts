import {
  accountSessionsSchema,
  changePasswordSchema,
  deleteAccountQuerySchema,
  endedSessionsSchema,
  setPasswordSchema,
  userSchema,
} from '@gatehouse/schemas';
import { userView } from '../../services/views.js';
import { ApiHttpError } from '../api-error.js';
import { clearSessionCookie } from '../cookies.js';
import { route, type Auth } from '../route.js';

const TAG = 'Users';
const tokenOf = (auth: Auth) => (auth.kind === 'session' ? auth.token : undefined);

/** Chores on portal accounts, for platform admins (and clients with users:write). */
export const accountRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/users/:id',
    summary: 'One account, by id or email (platform admins)',
    tag: TAG,
    response: userSchema,
    async handler({ server, actor, params }) {
      return userView(await server.gatehouse.accounts.find(params.id ?? '', actor));
    },
  }),
  route({
    method: 'PUT',
    path: '/api/v1/users/:id/password',
    summary: "Set a local account's password; every session of the account ends (admins:write for an admin)",
    tag: TAG,
    body: setPasswordSchema,
    response: userSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.accounts.setPassword(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/:id/disable',
    summary:
      'Disable an account: it cannot sign in and its sessions end; the last enabled platform admin cannot be disabled',
    tag: TAG,
    response: userSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.accounts.disable(params.id ?? '', actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/users/:id/enable',
    summary: 'Enable a disabled account',
    tag: TAG,
    response: userSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.accounts.enable(params.id ?? '', actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/:id',
    summary:
      'Delete an account with its sessions and memberships; audit history keeps who it was. Your own needs ?confirm=YOUR-EMAIL',
    tag: TAG,
    query: deleteAccountQuerySchema,
    async handler({ server, actor, params, query }) {
      await server.gatehouse.accounts.delete(params.id ?? '', actor, query.confirm);
      return undefined;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/:id/sessions',
    summary: "An account's portal sessions, newest first",
    tag: TAG,
    response: accountSessionsSchema,
    async handler({ server, actor, params, auth }) {
      return { sessions: await server.gatehouse.accounts.sessions(params.id ?? '', actor, tokenOf(auth)) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/:id/sessions',
    summary: 'End every session of an account',
    tag: TAG,
    response: endedSessionsSchema,
    async handler({ server, actor, params }) {
      return { ended: await server.gatehouse.accounts.endSessions(params.id ?? '', actor) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/:id/sessions/:sessionId',
    summary: 'End one session of an account',
    tag: TAG,
    response: endedSessionsSchema,
    async handler({ server, actor, params }) {
      const ended = await server.gatehouse.accounts.endSessions(
        params.id ?? '',
        actor,
        params.sessionId ?? '',
      );
      return { ended };
    },
  }),
];

/** What a signed-in person does to their own account. */
export const ownAccountRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/me/password',
    summary: 'Change your password: needs the current one; your other sessions end, this one stays',
    tag: 'Sign-in',
    access: 'user',
    body: changePasswordSchema,
    async handler({ server, actor, auth, body, origin }) {
      if (actor.id === null) throw new ApiHttpError(401, 'unauthenticated', 'sign in first');
      await server.gatehouse.accounts.changeOwnPassword(actor.id, body, origin, tokenOf(auth));
      return undefined;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/me/sessions',
    summary: 'Your portal sessions, newest first; `current` marks this one',
    tag: 'Sign-in',
    access: 'user',
    response: accountSessionsSchema,
    async handler({ server, actor, auth }) {
      return { sessions: await server.gatehouse.accounts.ownSessions(actor.id ?? '', tokenOf(auth)) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/me/sessions',
    summary: 'End every session of yours but this one',
    tag: 'Sign-in',
    access: 'user',
    response: endedSessionsSchema,
    async handler({ server, actor, auth }) {
      return { ended: await server.gatehouse.accounts.endOwnSessions(actor, tokenOf(auth)) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/me/sessions/:sessionId',
    summary: 'End one of your sessions (ending this one signs you out)',
    tag: 'Sign-in',
    access: 'user',
    response: endedSessionsSchema,
    async handler({ server, actor, auth, params, res }) {
      const id = params.sessionId ?? '';
      const current = (await server.gatehouse.accounts.ownSessions(actor.id ?? '', tokenOf(auth))).find(
        (s) => s.current,
      );
      const ended = await server.gatehouse.accounts.endOwnSessions(actor, tokenOf(auth), id);
      if (current?.id === id) res.setHeader('set-cookie', clearSessionCookie(server.secureCookies));
      return { ended };
    },
  }),
];

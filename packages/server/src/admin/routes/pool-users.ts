import {
  createPoolUserSchema,
  listPoolUsersQuerySchema,
  poolSessionSchema,
  poolSignOutResultSchema,
  poolUserSchema,
  setPoolUserPasswordBodySchema,
  updatePoolUserSchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

const TAG = 'User pools: users';
const BASE = '/api/v1/user-pools/:poolId/users';
const USER = `${BASE}/:username`;

/** The state changes that take no body and answer with the user: confirm, enable, disable. */
const stateRoutes = (['confirm', 'enable', 'disable'] as const).map((action) =>
  route({
    method: 'POST',
    path: `${USER}/${action}`,
    summary: {
      confirm: 'Confirm an UNCONFIRMED user without their code (Cognito: AdminConfirmSignUp)',
      enable: 'Let a disabled user sign in again',
      disable: 'Stop a user signing in; their sessions and refresh tokens end at once',
    }[action],
    tag: TAG,
    response: poolUserSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.poolUsers[action](params.poolId ?? '', params.username ?? '', actor);
    },
  }),
);

export const poolUserRoutes = [
  route({
    method: 'GET',
    path: BASE,
    summary: "A pool's users; search matches the start of usernames and emails, without case",
    tag: TAG,
    query: listPoolUsersQuerySchema,
    response: z.object({ users: z.array(poolUserSchema) }),
    async handler({ server, actor, params, query }) {
      return { users: await server.gatehouse.poolUsers.list(params.poolId ?? '', actor, query) };
    },
  }),
  route({
    method: 'POST',
    path: BASE,
    summary: 'Create a user; with a password they are CONFIRMED (FORCE_CHANGE_PASSWORD if temporary)',
    tag: TAG,
    body: createPoolUserSchema,
    response: poolUserSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.poolUsers.create(params.poolId ?? '', body, actor);
    },
  }),
  route({
    method: 'GET',
    path: USER,
    summary: 'One user, by username (any case) or sub',
    tag: TAG,
    response: poolUserSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.poolUsers.get(params.poolId ?? '', params.username ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: USER,
    summary: "Change a user's email or attributes; an attribute set to '' is removed",
    tag: TAG,
    body: updatePoolUserSchema,
    response: poolUserSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.poolUsers.update(params.poolId ?? '', params.username ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: USER,
    summary: 'Delete a user with their groups, sessions and tokens; the sub is never reused',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.poolUsers.delete(params.poolId ?? '', params.username ?? '', actor);
      return undefined;
    },
  }),
  ...stateRoutes,
  route({
    method: 'PUT',
    path: `${USER}/password`,
    summary: "Set a user's password; temporary (the default) makes them choose a new one at sign-in",
    tag: TAG,
    body: setPoolUserPasswordBodySchema,
    response: poolUserSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.poolUsers.setPassword(
        params.poolId ?? '',
        params.username ?? '',
        { password: body.password, permanent: !body.temporary },
        actor,
      );
    },
  }),
  route({
    method: 'POST',
    path: `${USER}/sign-out`,
    summary: 'Global sign-out: every session of the user ends and every refresh token is revoked',
    tag: TAG,
    response: poolSignOutResultSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.poolUsers.signOut(params.poolId ?? '', params.username ?? '', actor);
    },
  }),
  route({
    method: 'GET',
    path: `${USER}/sessions`,
    summary: "A user's sessions at the pool's hosted pages, newest first",
    tag: TAG,
    response: z.object({ sessions: z.array(poolSessionSchema) }),
    async handler({ server, actor, params }) {
      const { poolId = '', username = '' } = params;
      return { sessions: await server.gatehouse.poolSessions.list(poolId, username, actor) };
    },
  }),
  route({
    method: 'DELETE',
    path: `${USER}/sessions/:sessionId`,
    summary: 'End one session of a user',
    tag: TAG,
    async handler({ server, actor, params }) {
      const { poolId = '', username = '', sessionId = '' } = params;
      await server.gatehouse.poolSessions.revoke(poolId, username, sessionId, actor);
      return undefined;
    },
  }),
];

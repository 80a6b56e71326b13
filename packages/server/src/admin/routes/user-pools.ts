import { createUserPoolSchema, text, updateUserPoolSchema, userPoolSchema } from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';
import { matches } from './search.js';

const TAG = 'User pools';

export const userPoolRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/user-pools',
    summary: 'User pools of my teams (platform admins: all)',
    tag: TAG,
    query: z.object({ team: text().max(100).optional(), q: text().max(200).optional() }),
    response: z.object({ userPools: z.array(userPoolSchema) }),
    async handler({ server, actor, query }) {
      const all = await server.gatehouse.userPools.list(actor);
      return {
        userPools: all.filter(
          (p) =>
            (!query.team || p.teamId === query.team) &&
            matches(query.q, p.id, p.name, p.settings.branding.displayName ?? ''),
        ),
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/user-pools',
    summary: 'Create a user pool for one of my teams (platform admins: also for no team)',
    tag: TAG,
    body: createUserPoolSchema,
    response: userPoolSchema,
    status: 201,
    async handler({ server, actor, body }) {
      return server.gatehouse.userPools.create(body, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/user-pools/:poolId',
    summary: 'One user pool: settings and issuer',
    tag: TAG,
    response: userPoolSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.userPools.get(params.poolId ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/user-pools/:poolId',
    summary: 'Rename a pool or change its settings; groups of settings merge field by field',
    tag: TAG,
    body: updateUserPoolSchema,
    response: userPoolSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.userPools.update(params.poolId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/user-pools/:poolId',
    summary: 'Delete a pool with its app clients, users, groups, sessions and tokens',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.userPools.delete(params.poolId ?? '', actor);
      return undefined;
    },
  }),
];

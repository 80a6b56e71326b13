import { createPoolGroupSchema, poolGroupSchema, poolUserGroupsSchema } from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

const TAG = 'User pools: groups';
const BASE = '/api/v1/user-pools/:poolId/groups';
const MEMBER = `${BASE}/:name/members/:username`;

export const poolGroupRoutes = [
  route({
    method: 'GET',
    path: BASE,
    summary: "A pool's groups",
    tag: TAG,
    response: z.object({ groups: z.array(poolGroupSchema) }),
    async handler({ server, actor, params }) {
      return { groups: await server.gatehouse.poolGroups.list(params.poolId ?? '', actor) };
    },
  }),
  route({
    method: 'POST',
    path: BASE,
    summary: "Create a group; its name reaches members' tokens as groups and cognito:groups",
    tag: TAG,
    body: createPoolGroupSchema,
    response: poolGroupSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.poolGroups.create(params.poolId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: `${BASE}/:name`,
    summary: 'Delete a group; its members stay in the pool',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.poolGroups.delete(params.poolId ?? '', params.name ?? '', actor);
      return undefined;
    },
  }),
  route({
    method: 'PUT',
    path: MEMBER,
    summary: 'Add a user to a group; adding a member again changes nothing',
    tag: TAG,
    response: poolUserGroupsSchema,
    async handler({ server, actor, params }) {
      const { poolId = '', name = '', username = '' } = params;
      return { username, groups: await server.gatehouse.poolGroups.addUser(poolId, name, username, actor) };
    },
  }),
  route({
    method: 'DELETE',
    path: MEMBER,
    summary: 'Take a user out of a group',
    tag: TAG,
    response: poolUserGroupsSchema,
    async handler({ server, actor, params }) {
      const { poolId = '', name = '', username = '' } = params;
      return {
        username,
        groups: await server.gatehouse.poolGroups.removeUser(poolId, name, username, actor),
      };
    },
  }),
];

import {
  changeRoleSchema,
  createTeamSchema,
  createUserSchema,
  memberSchema,
  teamDetailSchema,
  teamSchema,
  updateTeamSchema,
  userSchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

export const teamRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/teams',
    summary: 'Every team, with my role in each',
    tag: 'Teams',
    response: z.object({ teams: z.array(teamSchema) }),
    async handler({ server, actor }) {
      return { teams: await server.gatehouse.teams.list(actor) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/teams',
    summary: 'Start a team; its creator becomes its owner',
    tag: 'Teams',
    body: createTeamSchema,
    response: teamSchema,
    status: 201,
    async handler({ server, actor, body }) {
      return server.gatehouse.teams.create(body, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/teams/:id',
    summary: 'A team and its members',
    tag: 'Teams',
    response: teamDetailSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.teams.get(params.id ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/teams/:id',
    summary: 'Rename a team or change its description (owners); the slug stays',
    tag: 'Teams',
    body: updateTeamSchema,
    response: teamSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.teams.update(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/teams/:id',
    summary:
      'Delete a team that owns nothing (owners); 409 names the APIs, clients, user pools and access keys it still owns',
    tag: 'Teams',
    async handler({ server, actor, params }) {
      await server.gatehouse.teams.delete(params.id ?? '', actor);
      return undefined;
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/teams/:id/members/:userId',
    summary: "Change a member's role (owners)",
    tag: 'Teams',
    body: changeRoleSchema,
    response: memberSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.teams.changeRole(params.id ?? '', params.userId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/teams/:id/members/:userId',
    summary: 'Remove a member (owners), or leave a team',
    tag: 'Teams',
    async handler({ server, actor, params }) {
      await server.gatehouse.teams.removeMember(params.id ?? '', params.userId ?? '', actor);
      return undefined;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/users',
    summary: 'Every account (platform admins)',
    tag: 'Users',
    response: z.object({ users: z.array(userSchema) }),
    async handler({ server, actor }) {
      return { users: await server.gatehouse.users.list(actor) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/users',
    summary:
      'Create a local account (platform admins; clients with users:write, and admins:write for an admin)',
    tag: 'Users',
    body: createUserSchema,
    response: userSchema,
    status: 201,
    async handler({ server, actor, body }) {
      return server.gatehouse.users.create(body, actor);
    },
  }),
];

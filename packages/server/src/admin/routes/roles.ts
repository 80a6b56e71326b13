import {
  clientRoleBodySchema,
  clientRolesSchema,
  createRoleSchema,
  qualifiedScopeSchema,
  roleSchema,
  roleScopesChangeSchema,
  text,
  updateRoleSchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

const TAG = 'Roles';
const CLIENTS = 'Clients';

export const roleRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/roles',
    summary: 'Roles of my teams (platform admins: all), or of one team',
    tag: TAG,
    query: z.object({ team: text().max(100).optional() }),
    response: z.object({ roles: z.array(roleSchema) }),
    async handler({ server, actor, query }) {
      return { roles: await server.gatehouse.roles.list(actor, query.team || undefined) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/roles',
    summary:
      "Make a role for one of my teams: its own APIs' scopes, and those other teams allowed it through access requests",
    tag: TAG,
    body: createRoleSchema,
    response: roleSchema,
    status: 201,
    async handler({ server, actor, body }) {
      return server.gatehouse.roles.create(body, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/roles/:id',
    summary: 'One role (by id, or by a name unique among the roles I see): scopes and holders',
    tag: TAG,
    response: roleSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.roles.get(params.id ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/roles/:id',
    summary: 'Rename or describe a role',
    tag: TAG,
    body: updateRoleSchema,
    response: roleSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.roles.update(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/roles/:id',
    summary: 'Delete a role; its holders lose its scopes within a second',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.roles.delete(params.id ?? '', actor);
      return undefined;
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/roles/:id/scopes',
    summary: 'Add scopes to a role (the authority of giving them to a client of its team)',
    tag: TAG,
    body: roleScopesChangeSchema,
    response: roleSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.roles.addScopes(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/roles/:id/scopes',
    summary: 'Remove a scope from a role; its holders are refused it within a second',
    tag: TAG,
    query: z.object({ scope: qualifiedScopeSchema }),
    response: roleSchema,
    async handler({ server, actor, params, query }) {
      return server.gatehouse.roles.removeScopes(params.id ?? '', { scopes: [query.scope] }, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/clients/:clientId/roles',
    summary: "A client's roles, and every scope it may request with where it comes from (direct or role)",
    tag: CLIENTS,
    response: clientRolesSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.clientRoles.list(params.clientId ?? '', actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/clients/:clientId/roles',
    summary: "Give a client a role of its own team (by id, or by name in the client's team)",
    tag: CLIENTS,
    body: clientRoleBodySchema,
    response: clientRolesSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.clientRoles.add(params.clientId ?? '', body.role, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/clients/:clientId/roles/:role',
    summary: 'Take a role (id or name) from a client; running servers refuse its scopes within a second',
    tag: CLIENTS,
    response: clientRolesSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.clientRoles.remove(params.clientId ?? '', params.role ?? '', actor);
    },
  }),
];

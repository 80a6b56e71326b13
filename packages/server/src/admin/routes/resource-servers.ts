import {
  catalogueEntrySchema,
  createResourceServerBodySchema,
  resourceServerSchema,
  scopeSchema,
  text,
  updateResourceServerSchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { withMetadataUrl } from '../../oauth/protected-resource.js';
import { route } from '../route.js';
import { matches } from './search.js';

const TAG = 'Resource servers';
const listQuery = z.object({ team: text().max(100).optional(), q: text().max(200).optional() });

export const resourceServerRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/resource-servers',
    summary: 'Resource servers of my teams (platform admins: all)',
    tag: TAG,
    query: listQuery,
    response: z.object({ resourceServers: z.array(resourceServerSchema) }),
    async handler({ server, actor, query }) {
      const all = await server.gatehouse.resourceServers.list(actor);
      return {
        resourceServers: all
          .filter(
            (r) =>
              (!query.team || r.teamId === query.team) &&
              matches(query.q, r.identifier, r.name, r.description, ...r.scopes.map((s) => s.name)),
          )
          .map((r) => withMetadataUrl(server.issuer, r)),
      };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/resource-servers',
    summary: 'Register an API for one of my teams',
    tag: TAG,
    body: createResourceServerBodySchema,
    response: resourceServerSchema,
    status: 201,
    async handler({ server, actor, body }) {
      const { teamId, ...input } = body;
      return withMetadataUrl(
        server.issuer,
        await server.gatehouse.resourceServers.create(input, actor, { teamId }),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/resource-servers/:id',
    summary: 'One resource server of my teams',
    tag: TAG,
    response: resourceServerSchema,
    async handler({ server, actor, params }) {
      return withMetadataUrl(
        server.issuer,
        await server.gatehouse.resourceServers.get(params.id ?? '', actor),
      );
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/resource-servers/:id',
    summary: 'Rename or describe a resource server, or change its token lifetime, algorithm or token profile',
    tag: TAG,
    body: updateResourceServerSchema,
    response: resourceServerSchema,
    async handler({ server, actor, params, body }) {
      return withMetadataUrl(
        server.issuer,
        await server.gatehouse.resourceServers.update(params.id ?? '', body, actor),
      );
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/resource-servers/:id',
    summary: 'Delete a resource server; force=true also removes the permissions clients hold on it',
    tag: TAG,
    query: z.object({ force: z.enum(['true', 'false']).optional() }),
    async handler({ server, actor, params, query }) {
      await server.gatehouse.resourceServers.delete(
        params.id ?? '',
        { force: query.force === 'true' },
        actor,
      );
      return undefined;
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/resource-servers/:id/scopes',
    summary: 'Add a scope',
    tag: TAG,
    body: scopeSchema,
    response: resourceServerSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      return withMetadataUrl(
        server.issuer,
        await server.gatehouse.resourceServers.addScope(params.id ?? '', body, actor),
      );
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/resource-servers/:id/scopes/:name',
    summary: 'Remove a scope and every permission of it',
    tag: TAG,
    response: resourceServerSchema,
    async handler({ server, actor, params }) {
      return withMetadataUrl(
        server.issuer,
        await server.gatehouse.resourceServers.removeScope(params.id ?? '', params.name ?? '', actor),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/catalogue',
    summary: "Every team's APIs and scopes, to find what to ask for",
    tag: TAG,
    query: z.object({ q: text().max(200).optional() }),
    response: z.object({ resourceServers: z.array(catalogueEntrySchema) }),
    async handler({ server, actor, query }) {
      const all = await server.gatehouse.resourceServers.catalogue(actor);
      return {
        resourceServers: all.filter((r) =>
          matches(
            query.q,
            r.identifier,
            r.name,
            r.description,
            r.team?.name ?? '',
            ...r.scopes.map((s) => s.name),
          ),
        ),
      };
    },
  }),
];

import {
  appClientSchema,
  createAppClientSchema,
  createdAppClientSchema,
  updateAppClientSchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

const TAG = 'User pools: app clients';
const BASE = '/api/v1/user-pools/:poolId/clients';

export const poolClientRoutes = [
  route({
    method: 'GET',
    path: BASE,
    summary: "A pool's app clients (never their secrets)",
    tag: TAG,
    response: z.object({ clients: z.array(appClientSchema) }),
    async handler({ server, actor, params }) {
      return { clients: await server.gatehouse.appClients.list(params.poolId ?? '', actor) };
    },
  }),
  route({
    method: 'POST',
    path: BASE,
    summary: "Create an app client; a confidential client's secret is in this answer and nowhere else",
    tag: TAG,
    body: createAppClientSchema,
    response: createdAppClientSchema,
    status: 201,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.appClients.create(params.poolId ?? '', body, actor);
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/:clientId`,
    summary: 'One app client',
    tag: TAG,
    response: appClientSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.appClients.get(params.poolId ?? '', params.clientId ?? '', actor);
    },
  }),
  route({
    method: 'PATCH',
    path: `${BASE}/:clientId`,
    summary: 'Change URLs, scopes, lifetimes or the name; a client stays public or confidential',
    tag: TAG,
    body: updateAppClientSchema,
    response: appClientSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.appClients.update(params.poolId ?? '', params.clientId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: `${BASE}/:clientId`,
    summary: 'Delete an app client',
    tag: TAG,
    async handler({ server, actor, params }) {
      await server.gatehouse.appClients.delete(params.poolId ?? '', params.clientId ?? '', actor);
      return undefined;
    },
  }),
  route({
    method: 'POST',
    path: `${BASE}/:clientId/secret`,
    summary: "Replace a confidential client's secret at once; the new one is in this answer only",
    tag: TAG,
    response: createdAppClientSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.appClients.rotateSecret(params.poolId ?? '', params.clientId ?? '', actor);
    },
  }),
];

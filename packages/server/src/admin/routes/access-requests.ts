import {
  accessRequestSchema,
  accessRequestStatusSchema,
  createAccessRequestSchema,
  decisionSchema,
} from '@gatehouse/schemas';
import { z } from 'zod';
import { route } from '../route.js';

const TAG = 'Access requests';

export const accessRequestRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/access-requests',
    summary: "Inbox (requests for my teams' APIs), outbox (my teams' requests), or both",
    tag: TAG,
    query: z.object({
      box: z.enum(['inbox', 'outbox', 'all']).default('all'),
      status: accessRequestStatusSchema.optional(),
    }),
    response: z.object({ accessRequests: z.array(accessRequestSchema) }),
    async handler({ server, actor, query }) {
      return { accessRequests: await server.gatehouse.accessRequests.list(actor, query.box, query.status) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/access-requests',
    summary: "Ask another team's owners for a scope of their API, for one of my clients",
    tag: TAG,
    body: createAccessRequestSchema,
    response: accessRequestSchema,
    status: 201,
    async handler({ server, actor, body }) {
      return server.gatehouse.accessRequests.create(body, actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/access-requests/:id/approve',
    summary: 'Approve: the client holds the scope at once (owners of the API)',
    tag: TAG,
    body: decisionSchema,
    response: accessRequestSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.accessRequests.approve(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/access-requests/:id/deny',
    summary: 'Deny, with a comment the requesting team sees (owners of the API)',
    tag: TAG,
    body: decisionSchema,
    response: accessRequestSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.accessRequests.deny(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/access-requests/:id/cancel',
    summary: 'Withdraw a pending request (the requesting team)',
    tag: TAG,
    response: accessRequestSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.accessRequests.cancel(params.id ?? '', actor);
    },
  }),
];

import {
  clientLimitsSchema,
  platformLimitsSchema,
  rateLimitSchema,
  teamLimitsSchema,
} from '@gatehouse/schemas';
import { route } from '../route.js';

const TAG = 'Rate limits';

/**
 * Per-client rate limits and daily quotas, set on a client, on a team (its clients' default) or
 * on the platform (everyone's default); each part left out is inherited from the next level.
 * PUT replaces a level's parts, DELETE clears them.
 */
export const rateLimitRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/clients/:clientId/limits',
    summary: "A client's own limits, what it inherits, the effective limit and today's usage",
    tag: TAG,
    response: clientLimitsSchema,
    async handler({ server, actor, params }) {
      // Usage is written behind the token path; save it so today's count is current.
      await server.runtime.flushLastUsed();
      return server.gatehouse.limits.forClient(params.clientId ?? '', actor);
    },
  }),
  route({
    method: 'PUT',
    path: '/api/v1/clients/:clientId/limits',
    summary: "Set a client's own limits (team members: no higher than its team or platform limit)",
    tag: TAG,
    body: rateLimitSchema,
    response: clientLimitsSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.limits.setClient(params.clientId ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/clients/:clientId/limits',
    summary: "Clear a client's own limits: it follows its team's and the platform's",
    tag: TAG,
    response: clientLimitsSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.limits.setClient(params.clientId ?? '', {}, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/teams/:id/limits',
    summary: "A team's default limits, and its clients' usage against their limits today",
    tag: TAG,
    response: teamLimitsSchema,
    async handler({ server, actor, params }) {
      await server.runtime.flushLastUsed();
      return server.gatehouse.limits.forTeam(params.id ?? '', actor);
    },
  }),
  route({
    method: 'PUT',
    path: '/api/v1/teams/:id/limits',
    summary: "Set a team's default limits for its clients (platform admins)",
    tag: TAG,
    body: rateLimitSchema,
    response: teamLimitsSchema,
    async handler({ server, actor, params, body }) {
      return server.gatehouse.limits.setTeam(params.id ?? '', body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/teams/:id/limits',
    summary: "Clear a team's default limits (platform admins)",
    tag: TAG,
    response: teamLimitsSchema,
    async handler({ server, actor, params }) {
      return server.gatehouse.limits.setTeam(params.id ?? '', {}, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/limits',
    summary: 'The platform default limits',
    tag: TAG,
    response: platformLimitsSchema,
    async handler({ server, actor }) {
      return server.gatehouse.limits.forPlatform(actor);
    },
  }),
  route({
    method: 'PUT',
    path: '/api/v1/limits',
    summary: 'Set the platform default limits (platform admins)',
    tag: TAG,
    body: rateLimitSchema,
    response: platformLimitsSchema,
    async handler({ server, actor, body }) {
      return server.gatehouse.limits.setPlatform(body, actor);
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/limits',
    summary: 'Clear the platform default limits (platform admins)',
    tag: TAG,
    response: platformLimitsSchema,
    async handler({ server, actor }) {
      return server.gatehouse.limits.setPlatform({}, actor);
    },
  }),
];

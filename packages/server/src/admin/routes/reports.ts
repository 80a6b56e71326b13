import {
  secretsReportQuerySchema,
  secretsReportSchema,
  staleClientsReportSchema,
  unusedScopesReportSchema,
  usageReportQuerySchema,
} from '@gatehouse/schemas';
import { route } from '../route.js';

const TAG = 'Reports';

/**
 * Hygiene reports over the clients the caller may read: a team member's teams, every team
 * for platform admins, and for a machine client what `clients:read` and its team allow.
 */
export const reportRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/reports/stale-clients',
    summary: 'Enabled clients that got no token for `days` days (default 90), or never did and are that old',
    tag: TAG,
    query: usageReportQuerySchema,
    response: staleClientsReportSchema,
    async handler({ server, actor, query }) {
      // This instance's counts first, so a report right after a token sees it.
      await server.runtime.flushLastUsed();
      return server.gatehouse.reports.staleClients(query, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/reports/unused-scopes',
    summary: 'Scopes clients hold but no token carried for `days` days (default 90), with the fix for each',
    tag: TAG,
    query: usageReportQuerySchema,
    response: unusedScopesReportSchema,
    async handler({ server, actor, query }) {
      await server.runtime.flushLastUsed();
      return server.gatehouse.reports.unusedScopes(query, actor);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/reports/secrets',
    summary:
      'Active client secrets older than the policy age, expiring soon, and clients with more than one active secret',
    tag: TAG,
    query: secretsReportQuerySchema,
    response: secretsReportSchema,
    async handler({ server, actor, query }) {
      // Secrets' last use is written behind too.
      await server.runtime.flushLastUsed();
      return server.gatehouse.reports.secrets(query, actor);
    },
  }),
];

import { configFileJsonSchema } from '@gatehouse/schemas';
import { sendRawJson } from '../http/respond.js';
import { CONFIG_SCHEMA_PATH } from '../services/config-code/export.js';
import type { Router } from '../http/router.js';
import type { AdminServer } from './context.js';
import { createAdminHandler } from './dispatch.js';
import { openApiDocument } from './openapi.js';
import { accessKeyRoutes } from './routes/access-keys.js';
import { accessRequestRoutes } from './routes/access-requests.js';
import { accountRoutes, ownAccountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { clientRoutes } from './routes/clients.js';
import { configRoutes } from './routes/config.js';
import { invitationRoutes } from './routes/invitations.js';
import { poolClientRoutes } from './routes/pool-clients.js';
import { poolGroupRoutes } from './routes/pool-groups.js';
import { poolSignUpRoutes } from './routes/pool-sign-ups.js';
import { poolUserRoutes } from './routes/pool-users.js';
import { reportRoutes } from './routes/reports.js';
import { resourceServerRoutes } from './routes/resource-servers.js';
import { roleRoutes } from './routes/roles.js';
import { teamRoutes } from './routes/teams.js';
import { rateLimitRoutes } from './routes/rate-limits.js';
import { customClaimsRoutes } from './routes/custom-claims.js';
import { userPoolRoutes } from './routes/user-pools.js';

export const ADMIN_ROUTES = [
  ...authRoutes,
  ...teamRoutes,
  ...accountRoutes,
  ...ownAccountRoutes,
  ...invitationRoutes,
  ...resourceServerRoutes,
  ...clientRoutes,
  ...configRoutes,
  ...roleRoutes,
  ...rateLimitRoutes,
  ...customClaimsRoutes,
  ...userPoolRoutes,
  ...poolClientRoutes,
  ...poolUserRoutes,
  ...poolSignUpRoutes,
  ...poolGroupRoutes,
  ...accessKeyRoutes,
  ...accessRequestRoutes,
  ...auditRoutes,
  ...reportRoutes,
];

export function mountAdmin(router: Router, server: AdminServer): void {
  const openapi = JSON.stringify(openApiDocument(ADMIN_ROUTES, server.issuer));
  const configSchema = JSON.stringify(configFileJsonSchema());
  router
    // For editors: the header of an exported gatehouse.yaml points here.
    .on('GET', CONFIG_SCHEMA_PATH, (_req, res) =>
      sendRawJson(res, 200, configSchema, {
        'cache-control': 'public, max-age=300',
        'access-control-allow-origin': '*',
      }),
    )
    .on('GET', '/api/openapi.json', (_req, res) =>
      sendRawJson(res, 200, openapi, {
        'cache-control': 'public, max-age=300',
        'access-control-allow-origin': '*',
      }),
    )
    .under('/api/', createAdminHandler(server, ADMIN_ROUTES));
}

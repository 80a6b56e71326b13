import { SSO_LOGIN_TTL_MS } from './admin/sso.js';
import type { OpenGatehouse } from './services/gatehouse.js';
import { sweepExpiredInvitations } from './services/invitation-expiry.js';
import { sweepExpiredPermissions } from './services/permission-expiry.js';

/**
 * The services' periodic store-wide work: expired permissions and invitations (recorded in the
 * audit log), old sessions, codes, seen signatures and sign-in attempts. Run by one process of a
 * deployment start: the server on its own, or a cluster's primary.
 */
export async function sweepStore(gatehouse: OpenGatehouse): Promise<void> {
  await sweepExpiredPermissions(gatehouse.db, gatehouse.clock);
  await sweepExpiredInvitations(gatehouse.db, gatehouse.clock);
  await gatehouse.sessions.purge();
  await gatehouse.poolSessions.purge();
  await gatehouse.poolAuthCodes.purge();
  await gatehouse.accessKeys.purgeSeenSignatures();
  await gatehouse.users.purgeSignInAttempts();
  await gatehouse.ssoLogins.purge(gatehouse.clock.now() - SSO_LOGIN_TTL_MS);
}

import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { listExpiredPermissions, markPermissionExpired } from '../store/repos/access-requests.js';
import { recordChange } from '../store/repos/changes.js';
import { deletePermission } from '../store/repos/clients.js';
import { SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';

/**
 * Removes permissions whose time is up. Tokens stop carrying the scope the moment it expires
 * (the token path checks expiry itself); this sweep makes the registry, the access-request
 * history and the audit log say so too.
 */
export async function sweepExpiredPermissions(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const expired = await listExpiredPermissions(db, now);
  for (const g of expired) {
    await db.transaction(async (tx) => {
      if (!(await deletePermission(tx, g.client_id, g.resource_server_id, g.scope))) return;
      await markPermissionExpired(tx, g, now);
      await recordChange(tx, 'client', g.client_id, now);
      await recordAudit(
        tx,
        clock,
        SYSTEM_ACTOR,
        'client.grant_expire',
        { type: 'client', id: g.client_id, name: g.client_name, teamId: g.team_id },
        { scope: `${g.identifier}/${g.scope}` },
        null,
      );
    });
  }
  return expired.length;
}

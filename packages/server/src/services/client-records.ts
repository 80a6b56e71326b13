import type { Client } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { findClient, listPermissions, listSecrets } from '../store/repos/clients.js';
import type { ClientRow, PermissionRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { requireMember } from './authz.js';
import { NotFoundError } from './errors.js';
import { clientView } from './views.js';

/** A client as the audit log names it. */
export const clientTarget = (row: ClientRow) => ({
  type: 'client',
  id: row.client_id,
  name: row.name,
  teamId: row.team_id,
});

/** The client row, after checking it exists and the actor may change it. */
export async function requireClient(db: Db, clientId: string, actor: Actor): Promise<ClientRow> {
  const row = await findClient(db, clientId);
  if (!row) throw new NotFoundError(`no client "${clientId}"`);
  requireMember(actor, row.team_id, `client "${clientId}"`);
  return row;
}

/** Permissions that have not run out. */
export async function currentPermissions(db: Db, clock: Clock, clientId: string): Promise<PermissionRow[]> {
  const now = clock.now();
  return (await listPermissions(db, clientId)).filter((p) => p.expires_at === null || p.expires_at > now);
}

/** The client as the API answers it, read through `db` so that a transaction sees its own writes. */
export async function readClient(db: Db, clock: Clock, row: ClientRow): Promise<Client> {
  return clientView(
    row,
    await currentPermissions(db, clock, row.client_id),
    await listSecrets(db, row.client_id),
  );
}

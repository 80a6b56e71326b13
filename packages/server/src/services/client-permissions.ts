import { type Client, permissionLifetimeSchema, toIssues } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import { deletePermission, insertPermission } from '../store/repos/clients.js';
import type { ClientRow, PermissionRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { requireScope } from './authz.js';
import { clientTarget, currentPermissions, readClient, requireClient } from './client-records.js';
import { ValidationError } from './errors.js';
import { delegatedExpiry, type ResolvedPermission, requireMayPermit } from './permission-authority.js';
import { resolvePermissions, type ScopeField } from './resolve-permissions.js';

export interface AddPermissionsOptions {
  expiresIn?: number;
  /** The audit action; access-request approval records its own. */
  action?: string;
  field?: ScopeField;
}

/** Permissions the actor may give, with the delegating client's own permissions that bound them. */
export interface CheckedPermissions {
  permissions: ResolvedPermission[];
  own: PermissionRow[] | null;
}

/**
 * Resolves the scopes and checks every one before any is written: a refusal leaves nothing
 * behind. `teamId` is the team of the client that receives them.
 */
export async function checkPermissions(
  tx: Db,
  clock: Clock,
  actor: Actor,
  teamId: string | null,
  scopes: readonly string[],
  field: ScopeField,
): Promise<CheckedPermissions> {
  const permissions = await resolvePermissions(tx, scopes, field);
  // A delegating client's own permissions, read in the transaction that passes them on; null for people.
  const own =
    actor.type === 'client' && actor.id !== null ? await currentPermissions(tx, clock, actor.id) : null;
  for (const p of permissions) requireMayPermit(actor, teamId, p, own);
  return { permissions, own };
}

/** Writes checked permissions, each until `expiresAt` or the delegator's own expiry, whichever is first. */
export async function writePermissions(
  tx: Db,
  clientId: string,
  checked: CheckedPermissions,
  expiresAt: number | null,
  now: number,
): Promise<void> {
  for (const p of checked.permissions) {
    const until = delegatedExpiry(checked.own, p, expiresAt);
    await insertPermission(tx, clientId, p.resourceServerId, p.scope, now, until);
  }
}

/**
 * Adds permissions, optionally until `expiresIn` seconds from now. Adding a scope the
 * client already holds sets its expiry anew.
 */
export async function addPermissions(
  db: Db,
  clock: Clock,
  clientId: string,
  scopes: readonly string[],
  actor: Actor,
  options: AddPermissionsOptions,
): Promise<Client> {
  requireScope(actor, 'clients:write');
  if (options.expiresIn !== undefined) {
    const parsed = permissionLifetimeSchema.safeParse(options.expiresIn);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error, 'expiresIn'));
  }
  return db.transaction(async (tx) => {
    const row = await requireClient(tx, clientId, actor);
    return addPermissionsIn(
      tx,
      clock,
      row,
      scopes,
      actor,
      options.expiresIn,
      options.action ?? 'client.grant',
      options.field,
    );
  });
}

/** The addition itself, inside the caller's transaction; access-request approval uses it too. */
export async function addPermissionsIn(
  tx: Db,
  clock: Clock,
  row: ClientRow,
  scopes: readonly string[],
  actor: Actor,
  expiresIn: number | undefined,
  action: string,
  field: ScopeField = 'scope',
): Promise<Client> {
  const now = clock.now();
  const expiresAt = expiresIn === undefined ? null : now + expiresIn * 1000;
  const checked = await checkPermissions(tx, clock, actor, row.team_id, scopes, field);
  const before = await readClient(tx, clock, row);
  await writePermissions(tx, row.client_id, checked, expiresAt, now);
  await recordChange(tx, 'client', row.client_id, now);
  const after = await readClient(tx, clock, row);
  await recordAudit(tx, clock, actor, action, clientTarget(row), before, after);
  return after;
}

export async function removePermissions(
  db: Db,
  clock: Clock,
  clientId: string,
  scopes: readonly string[],
  actor: Actor,
  field: ScopeField,
): Promise<Client> {
  requireScope(actor, 'clients:write');
  return db.transaction(async (tx) => {
    const row = await requireClient(tx, clientId, actor);
    const before = await readClient(tx, clock, row);
    for (const p of await resolvePermissions(tx, scopes, field)) {
      await deletePermission(tx, clientId, p.resourceServerId, p.scope);
    }
    await recordChange(tx, 'client', clientId, clock.now());
    const after = await readClient(tx, clock, row);
    await recordAudit(tx, clock, actor, 'client.revoke_grant', clientTarget(row), before, after);
    return after;
  });
}

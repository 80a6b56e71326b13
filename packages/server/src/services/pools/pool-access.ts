import { type PoolSettings, poolSettingsSchema } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { findUserPool, type UserPoolRow } from '../../store/repos/user-pools.js';
import type { Actor } from '../actor.js';
import type { AuditTarget } from '../audit.js';
import { isMember, requireMember, requireScope } from '../authz.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

/** A pool as the services use it: its row and its settings, read. */
export interface PoolRecord {
  row: UserPoolRow;
  settings: PoolSettings;
}

/** Stored settings pass the schema again, so settings added by a later release get their defaults. */
export function poolSettingsOf(row: UserPoolRow): PoolSettings {
  return poolSettingsSchema.parse(JSON.parse(row.settings));
}

export function poolTarget(row: UserPoolRow, type = 'user_pool', id = row.id, name?: string): AuditTarget {
  return { type, id, name: name ?? row.name, teamId: row.team_id };
}

/** The pool's own issuer: every token of its users carries it, and discovery lives under it. */
export function poolIssuer(issuer: string, poolId: string): string {
  return `${issuer}/pools/${poolId}`;
}

/** A pool without an actor, for the people side (hosted pages, token endpoint): no rights checked. */
export async function loadPool(db: Db, poolId: string): Promise<PoolRecord | undefined> {
  const row = await findUserPool(db, poolId);
  return row && { row, settings: poolSettingsOf(row) };
}

/**
 * The pool, when the actor may read it (`read`: members of its team and platform admins) or
 * change it and what it holds (`write`). Machine callers need the matching gatehouse-admin scope.
 */
export async function requirePool(
  db: Db,
  poolId: string,
  actor: Actor,
  access: 'read' | 'write',
): Promise<PoolRecord> {
  requireScope(actor, access === 'read' ? 'user-pools:read' : 'user-pools:write');
  const pool = await loadPool(db, poolId);
  if (!pool) throw new NotFoundError(`no user pool "${poolId}"`);
  if (access === 'write') requireMember(actor, pool.row.team_id, `user pool "${poolId}"`);
  else if (!isMember(actor, pool.row.team_id)) {
    throw new ForbiddenError(`user pool "${poolId}" belongs to another team; only its members may see it`);
  }
  return pool;
}

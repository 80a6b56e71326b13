import { BUILT_IN_RESOURCE_SERVER, type CreateResourceServerInput } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import { findResourceServer, insertScopeIfMissing, listScopes } from '../store/repos/resource-servers.js';
import type { ResourceServerRow } from '../store/repos/rows.js';
import { ADMIN_SCOPES } from './authz.js';
import { ConflictError } from './errors.js';

/** Scopes of Gatehouse's own resource server, granted to clients that call Gatehouse itself. */
export const BUILT_IN_SCOPES = [
  { name: 'tokens:introspect', description: 'Introspect access tokens issued to any client' },
  ...ADMIN_SCOPES,
] as const;

/**
 * Makes sure Gatehouse's own resource server exists, with every built-in scope this release
 * has; safe to run from several instances at once (the one that loses the race finds it made).
 */
export async function ensureBuiltInResourceServer(
  db: Db,
  clock: Clock,
  create: (input: CreateResourceServerInput) => Promise<unknown>,
): Promise<void> {
  const existing = await findResourceServer(db, BUILT_IN_RESOURCE_SERVER);
  if (existing) {
    await addMissingBuiltInScopes(db, clock, existing);
    return;
  }
  try {
    await create({
      identifier: BUILT_IN_RESOURCE_SERVER,
      name: 'Gatehouse',
      description: "Gatehouse's own APIs",
      scopes: [...BUILT_IN_SCOPES],
      tokenTtl: 3600,
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** A newer Gatehouse may bring new built-in scopes; older stores get them on start. */
async function addMissingBuiltInScopes(db: Db, clock: Clock, row: ResourceServerRow): Promise<void> {
  const have = new Set((await listScopes(db, row.id)).map((s) => s.name));
  const missing = BUILT_IN_SCOPES.filter((s) => !have.has(s.name));
  if (missing.length === 0) return;
  await db.transaction(async (tx) => {
    for (const scope of missing) {
      await insertScopeIfMissing(tx, { resource_server_id: row.id, ...scope });
    }
    await recordChange(tx, 'resource_server', row.id, clock.now());
  });
}

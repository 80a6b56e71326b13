import { type ConfigClient, customIssue, type ValidationIssue } from '@gatehouse/schemas';
import type { Db } from '../../../store/db.js';
import {
  addClientRole,
  findRoleByName,
  listClientRoles,
  removeClientRole,
} from '../../../store/repos/roles.js';
import type { ClientRow } from '../../../store/repos/rows.js';
import { recordAudit } from '../../audit.js';
import { clientTarget } from '../../client-records.js';
import { ValidationError } from '../../errors.js';
import { requireMayBundle } from '../../role-rules.js';
import { resolveDesiredScopes } from '../desired-scopes.js';
import type { ApplyContext, PlanContext } from '../model.js';
import { roleKey } from './roles.js';

/** The names of the roles a client holds, sorted. */
export async function clientRoleNames(db: Db, clientId: string): Promise<string[]> {
  return (await listClientRoles(db, clientId)).map((r) => r.name).sort();
}

/**
 * The roles the client is to hold: each must exist in the client's team once the file is
 * applied, and for each it gains the actor must be able to give every scope it bundles, as
 * `clients roles add` requires.
 */
export async function checkDesiredRoles(
  ctx: PlanContext,
  teamId: string | null,
  entry: ConfigClient,
  wanted: readonly string[],
  held: readonly string[],
  path: string,
): Promise<void> {
  const issues: ValidationIssue[] = [];
  for (const name of wanted) {
    const role = ctx.desiredRoles.get(roleKey(teamId, name));
    const at = `${path}.roles.${(entry.roles ?? []).indexOf(name)}`;
    if (!role) {
      issues.push(
        customIssue(at, `no role "${name}" in the client's team; a client holds only roles of its own team`),
      );
      continue;
    }
    if (held.includes(name)) continue;
    for (const p of resolveDesiredScopes(ctx, role.scopes, () => at)) {
      await requireMayBundle(ctx.db, ctx.clock, ctx.actor, teamId, p, ctx.own);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Makes the client's roles `want`, with the audit entries `clients roles add|remove` write. */
export async function writeClientRoles(
  tx: Db,
  run: ApplyContext,
  row: ClientRow,
  have: readonly string[],
  want: readonly string[],
): Promise<void> {
  const now = run.clock.now();
  for (const name of want.filter((n) => !have.includes(n))) {
    const role = await findRoleByName(tx, row.team_id, name);
    if (!role) throw new ValidationError([customIssue('roles', `no role "${name}" in the client's team`)]);
    await addClientRole(tx, row.client_id, role.id, now);
    await recordAudit(tx, run.clock, run.actor, 'client.roles.add', clientTarget(row), null, { role: name });
  }
  for (const name of have.filter((n) => !want.includes(n))) {
    const role = await findRoleByName(tx, row.team_id, name);
    if (role) await removeClientRole(tx, row.client_id, role.id);
    await recordAudit(
      tx,
      run.clock,
      run.actor,
      'client.roles.remove',
      clientTarget(row),
      { role: name },
      null,
    );
  }
}

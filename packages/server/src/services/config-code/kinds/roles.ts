import type { ConfigRole } from '@gatehouse/schemas';
import { randomId } from '../../../crypto/secrets.js';
import { groupBy } from '../../../group-by.js';
import type { Db } from '../../../store/db.js';
import { recordChange } from '../../../store/repos/changes.js';
import {
  addRoleScope,
  deleteRole,
  insertRole,
  listRoles,
  listRoleScopes,
  setRoleScopes,
  touchRole,
  updateRole,
} from '../../../store/repos/roles.js';
import type { RoleRow } from '../../../store/repos/rows.js';
import { recordAudit } from '../../audit.js';
import { requireAdmin, requireMember, requireScope } from '../../authz.js';
import { resolvePermissions } from '../../resolve-permissions.js';
import { readRole, roleTarget } from '../../role-records.js';
import { requireMayBundle } from '../../role-rules.js';
import { indexIn, resolveDesiredScopes } from '../desired-scopes.js';
import { forEntry } from '../located.js';
import { planLeftOut } from './left-out.js';
import { diffSpecs, type KindPlan, type PlanContext, type PlannedChange } from '../model.js';

/** A role as the file states it; its name and team are its key. */
export interface RoleSpec {
  [field: string]: unknown;
  description: string;
  scopes: string[];
}

export const roleKey = (teamId: string | null, name: string) => `${teamId ?? ''}\n${name}`;

/** Every role with its scopes, as stored. */
export async function currentRoles(db: Db) {
  const [rows, scopes] = await Promise.all([listRoles(db), listRoleScopes(db)]);
  const byRole = groupBy(scopes, (s) => s.role_id);
  const specOf = (row: RoleRow): RoleSpec => ({
    description: row.description,
    scopes: (byRole.get(row.id) ?? []).map((s) => `${s.identifier}/${s.scope}`).sort(),
  });
  return { rows, specOf };
}

export async function planRoles(ctx: PlanContext, entries: readonly ConfigRole[]): Promise<KindPlan> {
  const { rows, specOf } = await currentRoles(ctx.db);
  const byKey = new Map(rows.map((r) => [roleKey(r.team_id, r.name), r]));
  const slug = (id: string | null) => (id === null ? null : (ctx.teamById.get(id)?.slug ?? id));
  const listed = new Set<string>();
  const changes: PlannedChange[] = [];
  for (const [index, entry] of entries.entries()) {
    const path = `roles.${index}`;
    const label = `role "${entry.name}"`;
    const planned = await forEntry(path, label, async () => {
      const team = ctx.resolveTeam(entry.team, `${path}.team`);
      const teamId = team?.id ?? null;
      listed.add(roleKey(teamId, entry.name));
      requireScope(ctx.actor, 'roles:write');
      const want: RoleSpec = {
        description: entry.description ?? '',
        scopes: [...new Set(entry.scopes ?? [])].sort(),
      };
      const row = byKey.get(roleKey(teamId, entry.name));
      const have = row ? specOf(row) : { description: '', scopes: [] };
      if (!row) {
        if (teamId === null)
          requireAdmin(ctx.actor, 'create a role that belongs to no team (set team: or --team)');
        else requireMember(ctx.actor, teamId, 'that team');
      } else requireMember(ctx.actor, row.team_id, label);
      const added = want.scopes.filter((s) => !have.scopes.includes(s));
      const resolved = resolveDesiredScopes(
        ctx,
        want.scopes,
        indexIn(entry.scopes, want.scopes, `${path}.scopes`),
      );
      for (const p of resolved) {
        if (!added.includes(`${p.identifier}/${p.scope}`)) continue;
        await requireMayBundle(ctx.db, ctx.clock, ctx.actor, teamId, p, ctx.own);
      }
      if (!row) return createRole(entry.name, team?.slug ?? null, teamId, want);
      const diff = diffSpecs(have, want);
      return diff.length === 0 ? undefined : updateRoleChange(row, slug(row.team_id), want, diff);
    });
    if (planned) changes.push({ ...planned, where: { path, label } });
  }
  return planLeftOut(
    ctx,
    rows.filter((r) => !listed.has(roleKey(r.team_id, r.name))),
    changes,
    slug,
    {
      kind: 'role',
      key: (r) => r.name,
      scope: 'roles:write',
      label: (r) => `role "${r.name}"`,
      remove: (r) => deleteRoleChange(r, slug(r.team_id)),
    },
  );
}

function createRole(name: string, team: string | null, teamId: string | null, want: RoleSpec): PlannedChange {
  return {
    change: { action: 'create', kind: 'role', key: name, team },
    phase: 'upsert-roles',
    async run(tx, run) {
      const now = run.clock.now();
      const row: RoleRow = {
        id: randomId('role_', 10),
        team_id: teamId,
        name,
        description: want.description,
        created_at: now,
        updated_at: now,
      };
      await insertRole(tx, row);
      for (const p of await resolvePermissions(tx, want.scopes, 'scopes'))
        await addRoleScope(tx, row.id, p, now);
      await recordAudit(
        tx,
        run.clock,
        run.actor,
        'role.create',
        roleTarget(row),
        null,
        await readRole(tx, row),
      );
      run.created.push({ kind: 'role', key: name, team, id: row.id });
    },
  };
}

function updateRoleChange(
  row: RoleRow,
  team: string | null,
  want: RoleSpec,
  diff: PlannedChange['change']['diff'],
): PlannedChange {
  return {
    change: { action: 'update', kind: 'role', key: row.name, team, diff },
    phase: 'upsert-roles',
    async run(tx, run) {
      const now = run.clock.now();
      const before = await readRole(tx, row);
      await updateRole(tx, row.id, { name: row.name, description: want.description }, now);
      await setRoleScopes(tx, row.id, await resolvePermissions(tx, want.scopes, 'scopes'), now);
      await touchRole(tx, row.id, now);
      // Every holder's cached entry follows, on every instance.
      await recordChange(tx, 'role', row.id, now);
      const after = await readRole(tx, { ...row, description: want.description, updated_at: now });
      await recordAudit(tx, run.clock, run.actor, 'role.update', roleTarget(row), before, after);
    },
  };
}

function deleteRoleChange(row: RoleRow, team: string | null): PlannedChange {
  return {
    change: { action: 'delete', kind: 'role', key: row.name, team },
    phase: 'delete-roles',
    async run(tx, run) {
      const before = await readRole(tx, row);
      await deleteRole(tx, row.id);
      await recordChange(tx, 'role', row.id, run.clock.now());
      await recordAudit(tx, run.clock, run.actor, 'role.delete', roleTarget(row), before, null);
    },
  };
}

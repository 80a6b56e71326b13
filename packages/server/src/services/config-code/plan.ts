import type { ConfigFile, ConfigPlan } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import { listTeams, type TeamRow } from '../../store/repos/people.js';
import type { Actor } from '../actor.js';
import { requireMember } from '../authz.js';
import { currentPermissions } from '../client-records.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { planClients } from './kinds/clients.js';
import { currentRoles, planRoles, roleKey } from './kinds/roles.js';
import { currentServers, planResourceServers } from './kinds/resource-servers.js';
import type { DesiredServer, PlanContext, PlannedChange, RunOptions } from './model.js';

export interface PlanSettings {
  db: Db;
  clock: Clock;
  actor: Actor;
  allowHttpJwksUri: boolean;
}

/**
 * Compares the file with the store and checks every change as the individual admin operation
 * would (scopes, team membership, who may grant what), without writing anything. `apply`
 * runs the same inside its transaction, then the changes.
 */
export async function planConfig(
  settings: PlanSettings,
  file: ConfigFile,
  options: RunOptions,
): Promise<{ plan: ConfigPlan; planned: PlannedChange[]; scopeTeam: TeamRow | null; teams: TeamRow[] }> {
  const { db, actor } = settings;
  const teams = await listTeams(db);
  const find = (ref: string) => teams.find((t) => t.slug === ref || t.id === ref);
  let scopeTeam: TeamRow | null = null;
  if (options.team !== undefined) {
    scopeTeam = find(options.team) ?? null;
    if (!scopeTeam) throw new NotFoundError(`no team "${options.team}"`);
    requireMember(actor, scopeTeam.id, `team "${scopeTeam.slug}"`);
  }
  const ctx: PlanContext = {
    ...settings,
    scopeTeam,
    prune: options.prune === true,
    teamById: new Map(teams.map((t) => [t.id, t])),
    resolveTeam(ref, path) {
      if (ref === undefined) return scopeTeam;
      const team = find(ref);
      if (!team) throw new ValidationError([{ path, message: `no team "${ref}"`, code: 'custom' }]);
      if (scopeTeam && team.id !== scopeTeam.id) {
        throw new ValidationError([
          { path, message: `this run is limited to team "${scopeTeam.slug}" (--team)`, code: 'custom' },
        ]);
      }
      return team;
    },
    own:
      actor.type === 'client' && actor.id !== null
        ? await currentPermissions(db, settings.clock, actor.id)
        : null,
    desiredScopes: new Map(),
    desiredRoles: new Map(),
  };
  const servers = await planResourceServers(ctx, file.resourceServers ?? []);
  ctx.desiredScopes = await desiredServers(ctx, file, servers.changes);
  const roles = await planRoles(ctx, file.roles ?? []);
  ctx.desiredRoles = await desiredRoles(ctx, file, roles.changes);
  const clients = await planClients(ctx, file.clients ?? []);
  const planned = [...servers.changes, ...roles.changes, ...clients.changes];
  return {
    plan: { changes: planned.map((p) => p.change), kept: [...servers.kept, ...roles.kept, ...clients.kept] },
    planned,
    scopeTeam,
    teams,
  };
}

/** Every resource server as the run will leave it: the store's, then the file's over them, less deletions. */
async function desiredServers(
  ctx: PlanContext,
  file: ConfigFile,
  changes: readonly PlannedChange[],
): Promise<Map<string, DesiredServer>> {
  const { rows, scopesOf } = await currentServers(ctx.db);
  const out = new Map<string, DesiredServer>(
    rows.map((r) => [
      r.identifier,
      { id: r.id, teamId: r.team_id, scopes: new Set(scopesOf(r.id).map((s) => s.name)) },
    ]),
  );
  for (const [index, entry] of (file.resourceServers ?? []).entries()) {
    const team = ctx.resolveTeam(entry.team, `resourceServers.${index}.team`);
    const existing = out.get(entry.identifier);
    out.set(entry.identifier, {
      id: existing?.id ?? null,
      teamId: team?.id ?? null,
      scopes: new Set(Object.keys(entry.scopes ?? {})),
    });
  }
  for (const p of changes) if (p.change.action === 'delete') out.delete(p.change.key);
  return out;
}

/** Every role as the run will leave it, by team and name: the store's, then the file's, less deletions. */
async function desiredRoles(
  ctx: PlanContext,
  file: ConfigFile,
  changes: readonly PlannedChange[],
): Promise<Map<string, { scopes: readonly string[] }>> {
  const { rows, specOf } = await currentRoles(ctx.db);
  const out = new Map(rows.map((r) => [roleKey(r.team_id, r.name), { scopes: specOf(r).scopes }]));
  for (const [index, entry] of (file.roles ?? []).entries()) {
    const team = ctx.resolveTeam(entry.team, `roles.${index}.team`);
    out.set(roleKey(team?.id ?? null, entry.name), { scopes: entry.scopes ?? [] });
  }
  for (const p of changes) {
    if (p.change.action !== 'delete') continue;
    const team = p.change.team === null ? null : (ctx.resolveTeam(p.change.team, '') ?? null);
    out.delete(roleKey(team?.id ?? null, p.change.key));
  }
  return out;
}

import {
  BUILT_IN_RESOURCE_SERVER,
  type ConfigResourceServer,
  DEFAULT_TOKEN_PROFILE,
  DEFAULT_TOKEN_TTL,
  type SigningAlg,
} from '@gatehouse/schemas';
import { randomId } from '../../../crypto/secrets.js';
import { groupBy } from '../../../group-by.js';
import type { Db } from '../../../store/db.js';
import { recordChange } from '../../../store/repos/changes.js';
import {
  deleteResourceServer,
  deleteScope,
  insertResourceServer,
  insertScope,
  listResourceServers,
  listScopes,
  updateResourceServer,
  updateScopeDescription,
} from '../../../store/repos/resource-servers.js';
import type { ResourceServerRow, ScopeRow } from '../../../store/repos/rows.js';
import { recordAudit } from '../../audit.js';
import { requireAdmin, requireMember, requireScope } from '../../authz.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { validateClaims } from '../../claim-rules.js';
import { decodeClaims, setResourceServerClaims } from '../../../store/repos/custom-claims.js';
import { assertKeyReady } from '../../key-readiness.js';
import { newOwner } from '../../resource-server-move.js';
import { resourceServerView } from '../../views.js';
import { forEntry } from '../located.js';
import {
  type ApplyContext,
  diffSpecs,
  type KindPlan,
  type PlanContext,
  type PlannedChange,
} from '../model.js';
import { planLeftOut } from './left-out.js';

/** A resource server as the file states it, every default filled in: what plan compares. */
export interface ServerSpec {
  [field: string]: unknown;
  name: string;
  description: string;
  team: string | null;
  scopes: Record<string, string>;
  tokenTtl: number;
  signingAlg: SigningAlg;
  tokenProfile: string;
  claims: Record<string, unknown> | null;
}

const target = (row: ResourceServerRow) => ({
  type: 'resource_server',
  id: row.id,
  name: row.identifier,
  teamId: row.team_id,
});

export function serverSpec(
  row: ResourceServerRow,
  scopes: readonly ScopeRow[],
  team: string | null,
): ServerSpec {
  return {
    name: row.name,
    description: row.description,
    team,
    scopes: Object.fromEntries([...scopes].sort(byName).map((s) => [s.name, s.description])),
    tokenTtl: row.token_ttl,
    signingAlg: row.signing_alg as SigningAlg,
    tokenProfile: row.token_profile,
    claims: decodeClaims(row.claims) as Record<string, unknown> | null,
  };
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function desiredSpec(entry: ConfigResourceServer, team: string | null): ServerSpec {
  const scopes = Object.entries(entry.scopes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    name: entry.name,
    description: entry.description ?? '',
    team,
    scopes: Object.fromEntries(scopes),
    tokenTtl: entry.tokenTtl ?? DEFAULT_TOKEN_TTL,
    signingAlg: entry.signingAlg ?? 'ES256',
    tokenProfile: entry.tokenProfile ?? DEFAULT_TOKEN_PROFILE,
    claims: entry.claims && Object.keys(entry.claims).length > 0 ? entry.claims : null,
  };
}

/** The resource servers a run may see and change: never the built-in one, only the run's team. */
export async function currentServers(db: Db) {
  const [rows, scopes] = await Promise.all([listResourceServers(db), listScopes(db)]);
  const byServer = groupBy(scopes, (s) => s.resource_server_id);
  return { rows, scopesOf: (id: string) => byServer.get(id) ?? [] };
}

export async function planResourceServers(
  ctx: PlanContext,
  entries: readonly ConfigResourceServer[],
): Promise<KindPlan> {
  const { rows, scopesOf } = await currentServers(ctx.db);
  const byIdentifier = new Map(rows.map((r) => [r.identifier, r]));
  const slug = (teamId: string | null) =>
    teamId === null ? null : (ctx.teamById.get(teamId)?.slug ?? teamId);
  const changes: PlannedChange[] = [];
  for (const [index, entry] of entries.entries()) {
    const path = `resourceServers.${index}`;
    const label = `resource server "${entry.identifier}"`;
    const planned = await forEntry(path, label, async () => {
      const team = ctx.resolveTeam(entry.team, `${path}.team`);
      const want = desiredSpec(entry, team?.slug ?? null);
      const row = byIdentifier.get(entry.identifier);
      requireScope(ctx.actor, 'resource-servers:write');
      const claimIssues = want.claims === null ? [] : validateClaims(want.claims, `${path}.claims`);
      if (claimIssues.length > 0) throw new ValidationError(claimIssues);
      if (entry.identifier === BUILT_IN_RESOURCE_SERVER || row?.built_in === 1) {
        throw new ConflictError(`"${entry.identifier}" is built in; leave it out of the file`);
      }
      if (!row) return createServer(ctx, entry.identifier, want, team?.id ?? null);
      if (ctx.scopeTeam && row.team_id !== ctx.scopeTeam.id) {
        throw new ConflictError(
          `it belongs to team "${slug(row.team_id) ?? '(none)'}", outside this run's team`,
        );
      }
      requireMember(ctx.actor, row.team_id, label);
      const have = serverSpec(row, scopesOf(row.id), slug(row.team_id));
      const diff = diffSpecs(have, want);
      if (diff.length === 0) return undefined;
      const teamId = team?.id ?? null;
      if (teamId !== row.team_id) {
        if (teamId === null) requireAdmin(ctx.actor, 'give an API to no team');
        else await newOwner(ctx.db, row, teamId, ctx.actor);
      }
      if (want.signingAlg !== row.signing_alg) {
        await assertKeyReady(ctx.db, ctx.clock, want.signingAlg, `"${row.identifier}"`);
      }
      return updateServer(row, have, want, teamId, diff);
    });
    if (planned) changes.push({ ...planned, where: { path, label } });
  }
  const listed = new Set(entries.map((e) => e.identifier));
  const unlisted = rows.filter((r) => r.built_in === 0 && !listed.has(r.identifier));
  return planLeftOut(ctx, unlisted, changes, slug, {
    kind: 'resourceServer',
    key: (r) => r.identifier,
    scope: 'resource-servers:write',
    label: (r) => `resource server "${r.identifier}"`,
    remove: (r) => deleteServer(r, serverSpec(r, scopesOf(r.id), slug(r.team_id))),
  });
}

function createServer(
  ctx: PlanContext,
  identifier: string,
  want: ServerSpec,
  teamId: string | null,
): PlannedChange {
  if (teamId === null) requireAdmin(ctx.actor, 'create a resource server that belongs to no team');
  else requireMember(ctx.actor, teamId, 'that team');
  return {
    change: { action: 'create', kind: 'resourceServer', key: identifier, team: want.team },
    phase: 'upsert-resource-servers',
    async run(tx, run) {
      const now = run.clock.now();
      const row: ResourceServerRow = {
        id: randomId('rs_', 10),
        identifier,
        name: want.name,
        description: want.description,
        token_ttl: want.tokenTtl,
        signing_alg: want.signingAlg,
        token_profile: want.tokenProfile,
        built_in: 0,
        team_id: teamId,
        created_at: now,
        updated_at: now,
      };
      const scopes = scopeRows(row.id, want.scopes);
      await insertResourceServer(tx, row, scopes);
      await recordChange(tx, 'resource_server', row.id, now);
      const view = resourceServerView(row, scopes);
      await recordAudit(tx, run.clock, run.actor, 'resource_server.create', target(row), null, view);
      await writeClaims(tx, run, row, null, want.claims);
      run.created.push({ kind: 'resourceServer', key: identifier, team: want.team, id: row.id });
    },
  };
}

function updateServer(
  row: ResourceServerRow,
  have: ServerSpec,
  want: ServerSpec,
  teamId: string | null,
  diff: PlannedChange['change']['diff'],
): PlannedChange {
  return {
    change: { action: 'update', kind: 'resourceServer', key: row.identifier, team: want.team, diff },
    phase: 'upsert-resource-servers',
    async run(tx, run) {
      const before = resourceServerView(row, await listScopes(tx, row.id));
      const next: ResourceServerRow = {
        ...row,
        name: want.name,
        description: want.description,
        token_ttl: want.tokenTtl,
        signing_alg: want.signingAlg,
        token_profile: want.tokenProfile,
        team_id: teamId,
        updated_at: run.clock.now(),
      };
      await updateResourceServer(tx, next);
      for (const [name, description] of Object.entries(want.scopes)) {
        if (!(name in have.scopes)) await insertScope(tx, { resource_server_id: row.id, name, description });
        else if (have.scopes[name] !== description)
          await updateScopeDescription(tx, row.id, name, description);
      }
      // Removing a scope removes every permission of it, as `resource-servers scopes remove` does.
      for (const name of Object.keys(have.scopes))
        if (!(name in want.scopes)) await deleteScope(tx, row.id, name);
      await recordChange(tx, 'resource_server', row.id, next.updated_at);
      const after = resourceServerView(next, await listScopes(tx, row.id));
      await recordAudit(tx, run.clock, run.actor, 'resource_server.update', target(row), before, after);
      await writeClaims(tx, run, next, have.claims, want.claims);
    },
  };
}

function deleteServer(row: ResourceServerRow, have: ServerSpec): PlannedChange {
  return {
    change: { action: 'delete', kind: 'resourceServer', key: row.identifier, team: have.team },
    phase: 'delete-resource-servers',
    async run(tx: Db, run) {
      const before = resourceServerView(row, await listScopes(tx, row.id));
      await deleteResourceServer(tx, row.id);
      await recordChange(tx, 'resource_server', row.id, run.clock.now());
      await recordAudit(tx, run.clock, run.actor, 'resource_server.delete', target(row), before, null);
    },
  };
}

/** Static claims, with the audit entry the claims commands write; the repository records the change. */
async function writeClaims(
  tx: Db,
  run: ApplyContext,
  row: ResourceServerRow,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  await setResourceServerClaims(tx, row.id, after, run.clock.now());
  await recordAudit(
    tx,
    run.clock,
    run.actor,
    'resource_server.claims.update',
    target(row),
    { claims: before },
    { claims: after },
  );
}

function scopeRows(resourceServerId: string, scopes: Record<string, string>): ScopeRow[] {
  return Object.entries(scopes).map(([name, description]) => ({
    resource_server_id: resourceServerId,
    name,
    description,
  }));
}

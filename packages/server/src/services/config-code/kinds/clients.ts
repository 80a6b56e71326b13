import { type ConfigClient, DEFAULT_GRANT_TYPES, customIssue } from '@gatehouse/schemas';
import { generateClientId } from '../../../crypto/secrets.js';
import { recordChange } from '../../../store/repos/changes.js';
import {
  deleteClient,
  deletePermission,
  insertClient,
  insertDeletedClient,
  listClients,
  updateClient,
} from '../../../store/repos/clients.js';
import type { ClientRow, PermissionRow } from '../../../store/repos/rows.js';
import { recordAudit } from '../../audit.js';
import { requireAdmin, requireMember, requireScope } from '../../authz.js';
import { checkJwks, checkJwksUri } from '../../client-key-checks.js';
import { checkPermissions, writePermissions } from '../../client-permissions.js';
import { clientTarget, currentPermissions, readClient } from '../../client-records.js';
import { issueSecret } from '../../client-secrets.js';
import { ConflictError, ValidationError } from '../../errors.js';
import { requireMayActAs } from '../../permission-authority.js';
import { indexIn, resolveDesiredScopes } from '../desired-scopes.js';
import { checkDesiredRoles, clientRoleNames, writeClientRoles } from './client-roles.js';
import { requireMayPermit } from '../../permission-authority.js';
import { forEntry } from '../located.js';
import {
  type ApplyContext,
  diffSpecs,
  type KindPlan,
  type PlanContext,
  type PlannedChange,
} from '../model.js';
import { planLeftOut } from './left-out.js';
import type { Db } from '../../../store/db.js';
import { decodeClaims, setClientClaims } from '../../../store/repos/custom-claims.js';
import { validateClaims } from '../../claim-rules.js';

/** A client as the file states it, every default filled in; its name and team are its key. */
export interface ClientSpec {
  [field: string]: unknown;
  description: string;
  authMethod: string;
  grantTypes: string[];
  scopes: string[];
  tokenTtl: number | null;
  jwks: unknown;
  jwksUri: string | null;
  roles: string[];
  claims: Record<string, unknown> | null;
}

export function clientSpec(
  row: ClientRow,
  permissions: readonly PermissionRow[],
  roles: readonly string[],
): ClientSpec {
  return {
    description: row.description,
    authMethod: row.auth_method,
    grantTypes: (JSON.parse(row.grant_types) as string[]).sort(),
    scopes: permissions.map((p) => `${p.identifier}/${p.scope}`).sort(),
    tokenTtl: row.token_ttl,
    jwks: row.jwks === null ? null : JSON.parse(row.jwks),
    jwksUri: row.jwks_uri,
    roles: [...roles],
    claims: decodeClaims(row.claims) as Record<string, unknown> | null,
  };
}

function desiredSpec(entry: ConfigClient): ClientSpec {
  return {
    description: entry.description ?? '',
    authMethod: entry.authMethod ?? 'client_secret_basic',
    grantTypes: [...(entry.grantTypes ?? DEFAULT_GRANT_TYPES)].sort(),
    scopes: [...new Set(entry.scopes ?? [])].sort(),
    tokenTtl: entry.tokenTtl ?? null,
    jwks: entry.jwks ?? null,
    jwksUri: entry.jwksUri ?? null,
    roles: [...new Set(entry.roles ?? [])].sort(),
    claims: entry.claims && Object.keys(entry.claims).length > 0 ? entry.claims : null,
  };
}

export async function planClients(ctx: PlanContext, entries: readonly ConfigClient[]): Promise<KindPlan> {
  const rows = await listClients(ctx.db);
  const slug = (teamId: string | null) =>
    teamId === null ? null : (ctx.teamById.get(teamId)?.slug ?? teamId);
  const keyOf = (teamId: string | null, name: string) => `${teamId ?? ''}\n${name}`;
  const byKey = new Map<string, ClientRow[]>();
  for (const row of rows)
    byKey.set(keyOf(row.team_id, row.name), [...(byKey.get(keyOf(row.team_id, row.name)) ?? []), row]);
  const listed = new Set<string>();
  const changes: PlannedChange[] = [];
  for (const [index, entry] of entries.entries()) {
    const path = `clients.${index}`;
    const planned = await forEntry(path, `client "${entry.name}"`, async () => {
      const team = ctx.resolveTeam(entry.team, `${path}.team`);
      const teamId = team?.id ?? null;
      const key = keyOf(teamId, entry.name);
      listed.add(key);
      const want = desiredSpec(entry);
      requireScope(ctx.actor, 'clients:write');
      const claimIssues = want.claims === null ? [] : validateClaims(want.claims, `${path}.claims`);
      if (claimIssues.length > 0) throw new ValidationError(claimIssues);
      if (want.jwks !== null) checkJwks(want.jwks);
      if (want.jwksUri !== null) checkJwksUri(want.jwksUri, ctx.allowHttpJwksUri);
      const matches = byKey.get(key) ?? [];
      if (matches.length > 1) {
        throw new ConflictError(
          `${matches.length} clients of that team share the name (${matches.map((m) => m.client_id).join(', ')}); rename all but one first`,
        );
      }
      const [row] = matches;
      if (!row) {
        if (teamId === null)
          requireAdmin(ctx.actor, 'create a client that belongs to no team (set team: or --team)');
        else requireMember(ctx.actor, teamId, 'that team');
        for (const p of resolveDesiredScopes(
          ctx,
          want.scopes,
          indexIn(entry.scopes, want.scopes, `${path}.scopes`),
        )) {
          requireMayPermit(ctx.actor, teamId, p, ctx.own);
        }
        await checkDesiredRoles(ctx, teamId, entry, want.roles, [], path);
        return createClient(entry.name, team?.slug ?? null, teamId, want);
      }
      requireMember(ctx.actor, row.team_id, `client "${row.client_id}"`);
      const permissions = await currentPermissions(ctx.db, ctx.clock, row.client_id);
      const have = clientSpec(row, permissions, await clientRoleNames(ctx.db, row.client_id));
      // Every scope and role must still resolve once the file is applied (a pruned API or role
      // takes them with it); only what is added needs the authority to give it.
      const added = want.scopes.filter((s) => !have.scopes.includes(s));
      const resolved = resolveDesiredScopes(
        ctx,
        want.scopes,
        indexIn(entry.scopes, want.scopes, `${path}.scopes`),
      );
      for (const p of resolved) {
        if (added.includes(`${p.identifier}/${p.scope}`))
          requireMayPermit(ctx.actor, row.team_id, p, ctx.own);
      }
      await checkDesiredRoles(ctx, row.team_id, entry, want.roles, have.roles, path);
      const diff = diffSpecs(have, want);
      if (diff.length === 0) return undefined;
      if (want.authMethod !== have.authMethod) {
        throw new ValidationError([
          customIssue(
            `${path}.authMethod`,
            `client "${row.client_id}" uses ${have.authMethod}; the method is fixed once created (delete the client and create it anew to change it)`,
          ),
        ]);
      }
      const keysChanged =
        JSON.stringify(have.jwks) !== JSON.stringify(want.jwks) || have.jwksUri !== want.jwksUri;
      if (keysChanged) requireMayActAs(ctx.actor, row.client_id, permissions);
      return updateClientChange(row, slug(row.team_id), have, want, permissions, diff);
    });
    if (planned) changes.push({ ...planned, where: { path, label: `client "${entry.name}"` } });
  }
  return planLeftOut(
    ctx,
    rows.filter((r) => !listed.has(keyOf(r.team_id, r.name))),
    changes,
    slug,
    {
      kind: 'client',
      key: (r) => r.name,
      scope: 'clients:write',
      label: (r) => `client "${r.client_id}"`,
      remove: (r) => deleteClientChange(r, slug(r.team_id)),
    },
  );
}

function createClient(
  name: string,
  team: string | null,
  teamId: string | null,
  want: ClientSpec,
): PlannedChange {
  return {
    change: { action: 'create', kind: 'client', key: name, team },
    phase: 'upsert-clients',
    async run(tx, run) {
      const now = run.clock.now();
      const row: ClientRow = {
        client_id: generateClientId(),
        name,
        description: want.description,
        auth_method: want.authMethod,
        token_ttl: want.tokenTtl,
        enabled: 1,
        jwks: want.jwks === null ? null : JSON.stringify(want.jwks),
        jwks_uri: want.jwksUri,
        grant_types: JSON.stringify(want.grantTypes),
        created_at: now,
        updated_at: now,
        last_used_at: null,
        team_id: teamId,
      };
      const checked = await checkPermissions(tx, run.clock, run.actor, teamId, want.scopes, 'scopes');
      await insertClient(tx, row);
      await writePermissions(tx, row.client_id, checked, null, now);
      if (want.authMethod !== 'private_key_jwt') {
        const secret = await issueSecret(tx, row.client_id, now);
        run.secrets.push({ ...secret, name, team, clientId: row.client_id });
      }
      await recordChange(tx, 'client', row.client_id, now);
      const after = await readClient(tx, run.clock, row);
      await recordAudit(tx, run.clock, run.actor, 'client.create', clientTarget(row), null, after);
      await writeClaims(tx, run, row, null, want.claims);
      await writeClientRoles(tx, run, row, [], want.roles);
      run.created.push({ kind: 'client', key: name, team, id: row.client_id });
    },
  };
}

function updateClientChange(
  row: ClientRow,
  team: string | null,
  have: ClientSpec,
  want: ClientSpec,
  permissions: readonly PermissionRow[],
  diff: PlannedChange['change']['diff'],
): PlannedChange {
  return {
    change: { action: 'update', kind: 'client', key: row.name, team, diff },
    phase: 'upsert-clients',
    async run(tx, run) {
      const now = run.clock.now();
      const before = await readClient(tx, run.clock, row);
      const next = {
        ...row,
        description: want.description,
        token_ttl: want.tokenTtl,
        jwks: want.jwks === null ? null : JSON.stringify(want.jwks),
        jwks_uri: want.jwksUri,
        grant_types: JSON.stringify(want.grantTypes),
        updated_at: now,
      };
      await updateClient(tx, row.client_id, next);
      for (const p of permissions) {
        if (!want.scopes.includes(`${p.identifier}/${p.scope}`)) {
          await deletePermission(tx, row.client_id, p.resource_server_id, p.scope);
        }
      }
      const held = new Set(permissions.map((p) => `${p.identifier}/${p.scope}`));
      const added = want.scopes.filter((s) => !held.has(s));
      const checked = await checkPermissions(tx, run.clock, run.actor, row.team_id, added, 'scopes');
      await writePermissions(tx, row.client_id, checked, null, now);
      await recordChange(tx, 'client', row.client_id, now);
      const after = await readClient(tx, run.clock, { ...next });
      await recordAudit(tx, run.clock, run.actor, 'client.update', clientTarget(row), before, after);
      await writeClaims(tx, run, row, have.claims, want.claims);
      await writeClientRoles(tx, run, row, have.roles, want.roles);
    },
  };
}

/** Static claims, with the audit entry the claims commands write; the repository records the change. */
async function writeClaims(
  tx: Db,
  run: ApplyContext,
  row: ClientRow,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Promise<void> {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  await setClientClaims(tx, row.client_id, after, run.clock.now());
  await recordAudit(
    tx,
    run.clock,
    run.actor,
    'client.claims.update',
    clientTarget(row),
    { claims: before },
    { claims: after },
  );
}

function deleteClientChange(row: ClientRow, team: string | null): PlannedChange {
  return {
    change: { action: 'delete', kind: 'client', key: row.name, team },
    phase: 'delete-clients',
    async run(tx, run) {
      const before = await readClient(tx, run.clock, row);
      const now = run.clock.now();
      await deleteClient(tx, row.client_id);
      await insertDeletedClient(tx, row.client_id, now);
      await recordChange(tx, 'client', row.client_id, now);
      await recordAudit(tx, run.clock, run.actor, 'client.delete', clientTarget(row), before, null);
    },
  };
}

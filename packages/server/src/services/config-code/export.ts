import type { ConfigFileInput } from '@gatehouse/schemas';
import { stringify } from 'yaml';
import type { Db } from '../../store/db.js';
import { listClients } from '../../store/repos/clients.js';
import { listTeams } from '../../store/repos/people.js';
import type { Actor } from '../actor.js';
import { isMember, requireMember, requireScope } from '../authz.js';
import type { Clock } from '../../clock.js';
import { currentPermissions } from '../client-records.js';
import { NotFoundError } from '../errors.js';
import { clientRoleNames } from './kinds/client-roles.js';
import { clientSpec } from './kinds/clients.js';
import { currentRoles } from './kinds/roles.js';
import { currentServers, serverSpec } from './kinds/resource-servers.js';

/** Where every Gatehouse serves the file's JSON Schema (also shipped in @gatehouse/schemas). */
export const CONFIG_SCHEMA_PATH = '/api/gatehouse-config.schema.json';

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The registry the actor may see as a config file: resource servers by identifier, clients by
 * team and name, every list sorted, so two exports of the same registry are byte for byte the
 * same and a diff shows only what changed. Secrets are never part of it.
 */
export async function exportConfig(
  db: Db,
  clock: Clock,
  actor: Actor,
  options: { team?: string | undefined },
): Promise<ConfigFileInput> {
  requireScope(actor, 'resource-servers:read');
  requireScope(actor, 'clients:read');
  requireScope(actor, 'roles:read');
  const teams = await listTeams(db);
  const slug = (id: string | null) => (id === null ? null : (teams.find((t) => t.id === id)?.slug ?? id));
  let teamId: string | undefined;
  if (options.team !== undefined) {
    const team = teams.find((t) => t.slug === options.team || t.id === options.team);
    if (!team) throw new NotFoundError(`no team "${options.team}"`);
    requireMember(actor, team.id, `team "${team.slug}"`);
    teamId = team.id;
  }
  const visible = (id: string | null) => (teamId !== undefined ? id === teamId : isMember(actor, id));
  const { rows, scopesOf } = await currentServers(db);
  const resourceServers = rows
    .filter((r) => r.built_in === 0 && visible(r.team_id))
    .map((r) => {
      const spec = serverSpec(r, scopesOf(r.id), slug(r.team_id));
      return {
        identifier: r.identifier,
        name: spec.name,
        ...(spec.description ? { description: spec.description } : {}),
        ...(spec.team !== null ? { team: spec.team } : {}),
        scopes: spec.scopes,
        tokenTtl: spec.tokenTtl,
        signingAlg: spec.signingAlg,
        tokenProfile: spec.tokenProfile as 'rfc9068' | 'cognito',
        ...(spec.claims !== null ? { claims: sortedKeys(spec.claims) } : {}),
      };
    });
  const clientRows = (await listClients(db))
    .filter((c) => visible(c.team_id))
    .sort(
      (a, b) =>
        order(slug(a.team_id) ?? '', slug(b.team_id) ?? '') ||
        order(a.name, b.name) ||
        order(a.client_id, b.client_id),
    );
  const clients = [];
  for (const row of clientRows) {
    const spec = clientSpec(
      row,
      await currentPermissions(db, clock, row.client_id),
      await clientRoleNames(db, row.client_id),
    );
    const team = slug(row.team_id);
    clients.push({
      name: row.name,
      ...(team !== null ? { team } : {}),
      ...(spec.description ? { description: spec.description } : {}),
      authMethod: spec.authMethod as 'client_secret_basic',
      grantTypes: spec.grantTypes as 'client_credentials'[],
      scopes: spec.scopes,
      ...(spec.tokenTtl !== null ? { tokenTtl: spec.tokenTtl } : {}),
      ...(spec.jwks !== null ? { jwks: spec.jwks as { keys: Record<string, unknown>[] } } : {}),
      ...(spec.jwksUri !== null ? { jwksUri: spec.jwksUri } : {}),
      ...(spec.roles.length > 0 ? { roles: spec.roles } : {}),
      ...(spec.claims !== null ? { claims: sortedKeys(spec.claims) } : {}),
    });
  }
  const { rows: roleRows, specOf } = await currentRoles(db);
  const roles = roleRows
    .filter((r) => visible(r.team_id))
    .sort((a, b) => order(slug(a.team_id) ?? '', slug(b.team_id) ?? '') || order(a.name, b.name))
    .map((r) => {
      const spec = specOf(r);
      const team = slug(r.team_id);
      return {
        name: r.name,
        ...(team !== null ? { team } : {}),
        ...(spec.description ? { description: spec.description } : {}),
        scopes: spec.scopes,
      };
    });
  return { resourceServers, roles, clients };
}

const sortedKeys = (map: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => order(a, b)));

/** The file as YAML, under a comment that points editors at its JSON Schema. */
export function configYaml(file: ConfigFileInput, schemaUrl: string): string {
  const header = [
    `# yaml-language-server: $schema=${schemaUrl}`,
    '# Gatehouse configuration: check with `gatehouse plan -f FILE`, apply with `gatehouse apply -f FILE`.',
  ];
  return `${header.join('\n')}\n${stringify(file, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

import {
  BUILT_IN_RESOURCE_SERVER,
  type CatalogueEntry,
  type CreateResourceServerInput,
  createResourceServerSchema,
  toIssues,
  type ResourceServer,
  scopeSchema,
  type UpdateResourceServerInput,
  updateResourceServerSchema,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import { groupBy } from '../group-by.js';
import { type Db, UniqueViolation } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  clientsWithPermissionsOn,
  deleteResourceServer,
  deleteScope,
  findResourceServer,
  insertResourceServer,
  insertScope,
  listResourceServers,
  listScopes,
  updateResourceServer,
} from '../store/repos/resource-servers.js';
import type { ResourceServerRow, ScopeRow } from '../store/repos/rows.js';
import { type Actor, SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, requireAdmin, requireMember, requireScope } from './authz.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { listTeams } from '../store/repos/people.js';
import { newOwner } from './resource-server-move.js';
import { requireTeam } from './teams.js';
import { BUILT_IN_SCOPES, ensureBuiltInResourceServer } from './resource-server-built-in.js';
import { assertKeyReady } from './key-readiness.js';
import { resourceServerView } from './views.js';

export { BUILT_IN_SCOPES };

const target = (row: ResourceServerRow) => ({
  type: 'resource_server',
  id: row.id,
  name: row.identifier,
  teamId: row.team_id,
});

/** The rules for registering APIs: identifiers are unique, built-ins are protected, every change is logged. */
export class ResourceServerService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** `teamId` names the owning team; without one, only platform admins may create it. */
  async create(
    input: CreateResourceServerInput,
    actor: Actor,
    options: { builtIn?: boolean; teamId?: string | null } = {},
  ): Promise<ResourceServer> {
    requireScope(actor, 'resource-servers:write');
    const parsed = createResourceServerSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    const teamId = options.teamId ?? null;
    if (teamId === null) requireAdmin(actor, 'create a resource server that belongs to no team');
    if (value.identifier === BUILT_IN_RESOURCE_SERVER && !options.builtIn) {
      throw new ConflictError(`"${BUILT_IN_RESOURCE_SERVER}" is reserved for Gatehouse itself`);
    }
    const now = this.clock.now();
    const row: ResourceServerRow = {
      id: randomId('rs_', 10),
      identifier: value.identifier,
      name: value.name,
      description: value.description,
      token_ttl: value.tokenTtl,
      signing_alg: value.signingAlg,
      token_profile: value.tokenProfile,
      built_in: options.builtIn ? 1 : 0,
      team_id: teamId,
      created_at: now,
      updated_at: now,
    };
    const scopes: ScopeRow[] = value.scopes.map((s) => ({ resource_server_id: row.id, ...s }));
    try {
      await this.db.transaction(async (tx) => {
        if (teamId !== null) {
          row.team_id = (await requireTeam(tx, teamId)).id;
          requireMember(actor, row.team_id, 'that team');
        }
        await insertResourceServer(tx, row, scopes);
        await recordChange(tx, 'resource_server', row.id, now);
        await recordAudit(
          tx,
          this.clock,
          actor,
          'resource_server.create',
          target(row),
          null,
          resourceServerView(row, scopes),
        );
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        throw new ConflictError(`a resource server with identifier "${value.identifier}" already exists`);
      }
      throw error;
    }
    return resourceServerView(row, scopes);
  }

  /** Every resource server the actor may manage: all of them for admins and the CLI. */
  async list(actor: Actor): Promise<ResourceServer[]> {
    requireScope(actor, 'resource-servers:read');
    const [rows, scopes] = await Promise.all([listResourceServers(this.db), listScopes(this.db)]);
    const byServer = groupBy(scopes, (s) => s.resource_server_id);
    return rows
      .filter((row) => isMember(actor, row.team_id))
      .map((row) => resourceServerView(row, byServer.get(row.id) ?? []));
  }

  /**
   * What anyone signed in may browse to find an API and ask for access: names and
   * descriptions, never settings. Gatehouse's own API is for platform admins to give out.
   */
  async catalogue(actor: Actor): Promise<CatalogueEntry[]> {
    requireScope(actor, 'resource-servers:read');
    const [rows, scopes, teams] = await Promise.all([
      listResourceServers(this.db),
      listScopes(this.db),
      listTeams(this.db),
    ]);
    const byServer = groupBy(scopes, (s) => s.resource_server_id);
    const teamNames = new Map(teams.map((t) => [t.id, t.name]));
    return rows
      .filter((row) => row.built_in === 0 || actor.isAdmin)
      .map((row) => ({
        id: row.id,
        identifier: row.identifier,
        name: row.name,
        description: row.description,
        team: row.team_id === null ? null : { id: row.team_id, name: teamNames.get(row.team_id) ?? '' },
        scopes: (byServer.get(row.id) ?? []).map((s) => ({ name: s.name, description: s.description })),
      }));
  }

  async get(idOrIdentifier: string, actor: Actor): Promise<ResourceServer> {
    requireScope(actor, 'resource-servers:read');
    const row = await this.require(this.db, idOrIdentifier);
    if (!isMember(actor, row.team_id)) {
      throw new ForbiddenError(
        `resource server "${row.identifier}" belongs to another team; see it in the catalogue`,
      );
    }
    return resourceServerView(row, await listScopes(this.db, row.id));
  }

  /**
   * Changes what is given. Tokens issued from the next request on follow the new settings:
   * the change log carries the resource server to every instance's token path.
   *
   * Moving to another team takes membership of both teams (or a platform admin): nobody hands
   * an API to a team they cannot act for, nor takes one from a team they are not in. An
   * algorithm switch waits for a key of that algorithm that verifiers already hold.
   */
  async update(
    idOrIdentifier: string,
    input: UpdateResourceServerInput,
    actor: Actor,
  ): Promise<ResourceServer> {
    requireScope(actor, 'resource-servers:write');
    const parsed = updateResourceServerSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const change = parsed.data;
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      requireMember(actor, row.team_id, `resource server "${row.identifier}"`);
      // Gatehouse reads its own tokens' scopes by their short names.
      if (row.built_in === 1)
        throw new ConflictError(`"${row.identifier}" is built in and cannot be changed`);
      const teamId =
        change.teamId === undefined ? row.team_id : await newOwner(tx, row, change.teamId, actor);
      if (change.signingAlg !== undefined && change.signingAlg !== row.signing_alg) {
        await assertKeyReady(tx, this.clock, change.signingAlg, `"${row.identifier}"`);
      }
      const scopes = await listScopes(tx, row.id);
      const before = resourceServerView(row, scopes);
      const next: ResourceServerRow = {
        ...row,
        name: change.name ?? row.name,
        description: change.description ?? row.description,
        token_ttl: change.tokenTtl ?? row.token_ttl,
        signing_alg: change.signingAlg ?? row.signing_alg,
        token_profile: change.tokenProfile ?? row.token_profile,
        team_id: teamId,
        updated_at: this.clock.now(),
      };
      await updateResourceServer(tx, next);
      await recordChange(tx, 'resource_server', row.id, next.updated_at);
      const after = resourceServerView(next, scopes);
      await recordAudit(tx, this.clock, actor, 'resource_server.update', target(row), before, after);
      return after;
    });
  }

  /**
   * Deleting an API that clients still hold permissions on would silently cut them off, so it
   * needs `force`, which removes those permissions in the same transaction.
   */
  async delete(
    idOrIdentifier: string,
    options: { force?: boolean } = {},
    actor: Actor,
  ): Promise<{ removedPermissionsFrom: string[] }> {
    requireScope(actor, 'resource-servers:write');
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      requireMember(actor, row.team_id, `resource server "${row.identifier}"`);
      if (row.built_in === 1)
        throw new ConflictError(`"${row.identifier}" is built in and cannot be deleted`);
      const clients = await clientsWithPermissionsOn(tx, row.id);
      if (clients.length > 0 && !options.force) {
        throw new ConflictError(
          `${clients.length} client(s) hold permissions on "${row.identifier}" (${clients.slice(0, 5).join(', ')}${clients.length > 5 ? ', …' : ''}); delete with --force to remove those permissions too`,
        );
      }
      const now = this.clock.now();
      const before = resourceServerView(row, await listScopes(tx, row.id));
      await deleteResourceServer(tx, row.id);
      await recordChange(tx, 'resource_server', row.id, now);
      await recordAudit(tx, this.clock, actor, 'resource_server.delete', target(row), before, {
        removedPermissionsFrom: clients,
      });
      return { removedPermissionsFrom: clients };
    });
  }

  async addScope(
    idOrIdentifier: string,
    scope: { name: string; description?: string },
    actor: Actor,
  ): Promise<ResourceServer> {
    requireScope(actor, 'resource-servers:write');
    const parsed = scopeSchema.safeParse(scope);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      requireMember(actor, row.team_id, `resource server "${row.identifier}"`);
      try {
        await insertScope(tx, { resource_server_id: row.id, ...parsed.data });
      } catch (error) {
        if (error instanceof UniqueViolation) {
          throw new ConflictError(`"${row.identifier}" already has scope "${parsed.data.name}"`);
        }
        throw error;
      }
      await recordChange(tx, 'resource_server', row.id, this.clock.now());
      await recordAudit(tx, this.clock, actor, 'resource_server.scope_add', target(row), null, parsed.data);
      // The answer is what was written, read in the same transaction: no :read scope needed.
      return resourceServerView(row, await listScopes(tx, row.id));
    });
  }

  /** Removing a scope removes every permission of it; tokens issued after that no longer carry it. */
  async removeScope(idOrIdentifier: string, name: string, actor: Actor): Promise<ResourceServer> {
    requireScope(actor, 'resource-servers:write');
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      requireMember(actor, row.team_id, `resource server "${row.identifier}"`);
      if (row.built_in === 1) throw new ConflictError(`the scopes of "${row.identifier}" are built in`);
      if ((await deleteScope(tx, row.id, name)) === 0) {
        throw new NotFoundError(`"${row.identifier}" has no scope "${name}"`);
      }
      await recordChange(tx, 'resource_server', row.id, this.clock.now());
      await recordAudit(tx, this.clock, actor, 'resource_server.scope_remove', target(row), { name }, null);
      return resourceServerView(row, await listScopes(tx, row.id));
    });
  }

  private async require(db: Db, idOrIdentifier: string): Promise<ResourceServerRow> {
    const row = await findResourceServer(db, idOrIdentifier);
    if (!row) throw new NotFoundError(`no resource server "${idOrIdentifier}"`);
    return row;
  }

  /** Makes sure Gatehouse's own resource server exists; safe to run from several instances at once. */
  ensureBuiltIn(): Promise<void> {
    return ensureBuiltInResourceServer(this.db, this.clock, (input) =>
      this.create(input, SYSTEM_ACTOR, { builtIn: true }),
    );
  }
}

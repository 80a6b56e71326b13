import {
  BUILT_IN_RESOURCE_SERVER,
  type CreateResourceServerInput,
  createResourceServerSchema,
  formatIssues,
  type ResourceServer,
  scopeSchema,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import { groupBy } from '../group-by.js';
import { type Db, UniqueViolation } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  clientsWithGrantsOn,
  deleteResourceServer,
  deleteScope,
  findResourceServer,
  insertResourceServer,
  insertScope,
  listResourceServers,
  listScopes,
} from '../store/repos/resource-servers.js';
import type { ResourceServerRow, ScopeRow } from '../store/repos/rows.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { resourceServerView } from './views.js';

/** Scopes of Gatehouse's own resource server, granted to clients that call Gatehouse itself. */
export const BUILT_IN_SCOPES = [
  { name: 'tokens:introspect', description: 'Introspect access tokens issued to any client' },
] as const;

/** The rules for registering APIs: identifiers are unique, built-ins are protected, every change is logged. */
export class ResourceServerService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(
    input: CreateResourceServerInput,
    options: { builtIn?: boolean } = {},
  ): Promise<ResourceServer> {
    const parsed = createResourceServerSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const value = parsed.data;
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
      built_in: options.builtIn ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    const scopes: ScopeRow[] = value.scopes.map((s) => ({ resource_server_id: row.id, ...s }));
    try {
      await this.db.transaction(async (tx) => {
        await insertResourceServer(tx, row, scopes);
        await recordChange(tx, 'resource_server', row.id, now);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        throw new ConflictError(`a resource server with identifier "${value.identifier}" already exists`);
      }
      throw error;
    }
    return resourceServerView(row, scopes);
  }

  async list(): Promise<ResourceServer[]> {
    const [rows, scopes] = await Promise.all([listResourceServers(this.db), listScopes(this.db)]);
    const byServer = groupBy(scopes, (s) => s.resource_server_id);
    return rows.map((row) => resourceServerView(row, byServer.get(row.id) ?? []));
  }

  async get(idOrIdentifier: string): Promise<ResourceServer> {
    const row = await this.require(this.db, idOrIdentifier);
    return resourceServerView(row, await listScopes(this.db, row.id));
  }

  /**
   * Deleting an API that clients still hold grants on would silently cut them off, so it
   * needs `force`, which removes those grants in the same transaction.
   */
  async delete(
    idOrIdentifier: string,
    options: { force?: boolean } = {},
  ): Promise<{ removedGrantsFrom: string[] }> {
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      if (row.built_in === 1)
        throw new ConflictError(`"${row.identifier}" is built in and cannot be deleted`);
      const clients = await clientsWithGrantsOn(tx, row.id);
      if (clients.length > 0 && !options.force) {
        throw new ConflictError(
          `${clients.length} client(s) hold grants on "${row.identifier}" (${clients.slice(0, 5).join(', ')}${clients.length > 5 ? ', …' : ''}); delete with --force to remove those grants too`,
        );
      }
      const now = this.clock.now();
      await deleteResourceServer(tx, row.id);
      await recordChange(tx, 'resource_server', row.id, now);
      return { removedGrantsFrom: clients };
    });
  }

  async addScope(
    idOrIdentifier: string,
    scope: { name: string; description?: string },
  ): Promise<ResourceServer> {
    const parsed = scopeSchema.safeParse(scope);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    await this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      try {
        await insertScope(tx, { resource_server_id: row.id, ...parsed.data });
      } catch (error) {
        if (error instanceof UniqueViolation) {
          throw new ConflictError(`"${row.identifier}" already has scope "${parsed.data.name}"`);
        }
        throw error;
      }
      await recordChange(tx, 'resource_server', row.id, this.clock.now());
    });
    return this.get(idOrIdentifier);
  }

  /** Removing a scope removes every grant of it; tokens issued after that no longer carry it. */
  async removeScope(idOrIdentifier: string, name: string): Promise<ResourceServer> {
    await this.db.transaction(async (tx) => {
      const row = await this.require(tx, idOrIdentifier);
      if ((await deleteScope(tx, row.id, name)) === 0) {
        throw new NotFoundError(`"${row.identifier}" has no scope "${name}"`);
      }
      await recordChange(tx, 'resource_server', row.id, this.clock.now());
    });
    return this.get(idOrIdentifier);
  }

  private async require(db: Db, idOrIdentifier: string): Promise<ResourceServerRow> {
    const row = await findResourceServer(db, idOrIdentifier);
    if (!row) throw new NotFoundError(`no resource server "${idOrIdentifier}"`);
    return row;
  }

  /** Makes sure Gatehouse's own resource server exists; safe to run from several instances at once. */
  async ensureBuiltIn(): Promise<void> {
    if (await findResourceServer(this.db, BUILT_IN_RESOURCE_SERVER)) return;
    try {
      await this.create(
        {
          identifier: BUILT_IN_RESOURCE_SERVER,
          name: 'Gatehouse',
          description: "Gatehouse's own APIs",
          scopes: [...BUILT_IN_SCOPES],
          tokenTtl: 3600,
        },
        { builtIn: true },
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
}

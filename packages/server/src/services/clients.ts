import {
  type Client,
  type CreateClientInput,
  createClientSchema,
  formatIssues,
  permissionLifetimeSchema,
  patchClientSchema,
  putKeysSchema,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { generateClientId } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  deleteClient,
  deletePermission,
  findClient,
  insertClient,
  insertDeletedClient,
  insertPermission,
  listClients,
  listPermissions,
  listSecrets,
  setClientEnabled,
  updateClient,
} from '../store/repos/clients.js';
import type { ClientRow, PermissionRow } from '../store/repos/rows.js';
import { type IssuedSecret, issueSecret } from './client-secrets.js';
import { type Actor, CLI_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, requireAdmin, requireMember, requireScope } from './authz.js';
import { delegatedExpiry, requireMayActAs, requireMayPermit } from './permission-authority.js';
import { NotFoundError, ValidationError } from './errors.js';
import { requireTeam } from './teams.js';
import { checkJwks, checkJwksUri } from './client-key-checks.js';
import { resolvePermissions, type ScopeField } from './resolve-permissions.js';
import { clientView } from './views.js';

export interface ClientServiceOptions {
  /** Plain-http jwks_uri lets a test serve keys on loopback; production requires https. */
  allowHttpJwksUri: boolean;
}

export interface CreatedClient {
  client: Client;
  /** Present for secret-based clients. Shown once: only its hash is kept. */
  secret: IssuedSecret | null;
}

/** Where an unknown scope is reported: `scopes` gives `scopes.N`; a function names each index. */
const target = (row: ClientRow) => ({
  type: 'client',
  id: row.client_id,
  name: row.name,
  teamId: row.team_id,
});

/** The rules for callers: which scopes they may hold, how they authenticate, whether they may get tokens. */
export class ClientService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: ClientServiceOptions,
  ) {}

  /** `teamId` names the owning team; without one, only platform admins may create it. */
  async create(
    input: CreateClientInput,
    actor: Actor = CLI_ACTOR,
    options: { teamId?: string | null } = {},
  ): Promise<CreatedClient> {
    requireScope(actor, 'clients:write');
    const teamId = options.teamId ?? null;
    if (teamId === null) requireAdmin(actor, 'create a client that belongs to no team');
    const parsed = createClientSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const value = parsed.data;
    if (value.jwks) checkJwks(value.jwks);
    if (value.jwksUri) checkJwksUri(value.jwksUri, this.options.allowHttpJwksUri);
    const now = this.clock.now();
    const row: ClientRow = {
      client_id: generateClientId(),
      name: value.name,
      description: value.description,
      auth_method: value.authMethod,
      token_ttl: value.tokenTtl ?? null,
      enabled: 1,
      jwks: value.jwks ? JSON.stringify(value.jwks) : null,
      jwks_uri: value.jwksUri ?? null,
      created_at: now,
      updated_at: now,
      last_used_at: null,
      team_id: teamId,
    };
    let secret: IssuedSecret | null = null;
    const client = await this.db.transaction(async (tx) => {
      if (teamId !== null) {
        row.team_id = (await requireTeam(tx, teamId)).id;
        requireMember(actor, row.team_id, 'that team');
      }
      const permissions = await resolvePermissions(tx, value.scopes, 'scopes');
      const own = await this.delegatorPermissions(tx, actor);
      for (const p of permissions) requireMayPermit(actor, row.team_id, p, own);
      await insertClient(tx, row);
      for (const p of permissions) {
        const expiresAt = delegatedExpiry(own, p, null);
        await insertPermission(tx, row.client_id, p.resourceServerId, p.scope, now, expiresAt);
      }
      if (value.authMethod !== 'private_key_jwt') {
        secret = await issueSecret(tx, row.client_id, now, value.secretExpiresIn);
      }
      await recordChange(tx, 'client', row.client_id, now);
      const after = await this.view(tx, row);
      await recordAudit(tx, this.clock, actor, 'client.create', target(row), null, after);
      return after;
    });
    // The answer is what was written: a caller without clients:read still gets its secret.
    return { client, secret };
  }

  /** Every client the actor may manage: all of them for admins and the CLI. */
  async list(actor: Actor = CLI_ACTOR): Promise<Client[]> {
    requireScope(actor, 'clients:read');
    const rows = (await listClients(this.db)).filter((row) => isMember(actor, row.team_id));
    return Promise.all(rows.map((row) => this.view(this.db, row)));
  }

  async get(clientId: string, actor: Actor = CLI_ACTOR): Promise<Client> {
    requireScope(actor, 'clients:read');
    const row = await findClient(this.db, clientId);
    if (!row) throw new NotFoundError(`no client "${clientId}"`);
    requireMember(actor, row.team_id, `client "${clientId}"`);
    return this.view(this.db, row);
  }

  /** A disabled client keeps its settings but gets no tokens, and its tokens stop introspecting as active. */
  async setEnabled(clientId: string, enabled: boolean, actor: Actor = CLI_ACTOR): Promise<Client> {
    return this.update(clientId, { enabled }, actor);
  }

  /** Name, description and the enabled switch: what a team changes day to day. */
  async update(
    clientId: string,
    patch: { enabled?: boolean; name?: string; description?: string },
    actor: Actor = CLI_ACTOR,
  ): Promise<Client> {
    requireScope(actor, 'clients:write');
    const parsed = patchClientSchema.safeParse(patch);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const value = parsed.data;
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, clientId, actor);
      const before = await this.view(tx, row);
      const now = this.clock.now();
      if (value.enabled !== undefined) await setClientEnabled(tx, clientId, value.enabled, now);
      if (value.name !== undefined || value.description !== undefined) {
        await updateClient(tx, clientId, {
          ...row,
          name: value.name ?? row.name,
          description: value.description ?? row.description,
          updated_at: now,
        });
      }
      await recordChange(tx, 'client', clientId, now);
      const action =
        value.enabled === undefined ? 'client.update' : value.enabled ? 'client.enable' : 'client.disable';
      const after = await this.view(tx, await this.require(tx, clientId, actor));
      await recordAudit(tx, this.clock, actor, action, target(row), before, after);
      return after;
    });
  }

  async delete(clientId: string, actor: Actor = CLI_ACTOR): Promise<void> {
    requireScope(actor, 'clients:write');
    await this.db.transaction(async (tx) => {
      const row = await this.require(tx, clientId, actor);
      const before = await this.view(tx, row);
      await deleteClient(tx, clientId);
      const now = this.clock.now();
      await insertDeletedClient(tx, clientId, now);
      await recordChange(tx, 'client', clientId, now);
      await recordAudit(tx, this.clock, actor, 'client.delete', target(row), before, null);
    });
  }

  /**
   * Adds permissions, optionally until `expiresIn` seconds from now. Adding a scope the
   * client already holds sets its expiry anew.
   */
  async addPermissions(
    clientId: string,
    scopes: string[],
    actor: Actor = CLI_ACTOR,
    options: { expiresIn?: number; action?: string; field?: ScopeField } = {},
  ): Promise<Client> {
    requireScope(actor, 'clients:write');
    if (options.expiresIn !== undefined) {
      const parsed = permissionLifetimeSchema.safeParse(options.expiresIn);
      if (!parsed.success) {
        throw new ValidationError(formatIssues(parsed.error).map((m) => `expiresIn: ${m}`));
      }
    }
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, clientId, actor);
      return this.addPermissionsIn(
        tx,
        row,
        scopes,
        actor,
        options.expiresIn,
        options.action ?? 'client.grant',
        options.field,
      );
    });
  }

  /** The addition itself, inside the caller's transaction; access-request approval uses it too. */
  async addPermissionsIn(
    tx: Db,
    row: ClientRow,
    scopes: readonly string[],
    actor: Actor,
    expiresIn: number | undefined,
    action: string,
    field: ScopeField = 'scope',
  ): Promise<Client> {
    const now = this.clock.now();
    const expiresAt = expiresIn === undefined ? null : now + expiresIn * 1000;
    const permissions = await resolvePermissions(tx, scopes, field);
    const own = await this.delegatorPermissions(tx, actor);
    // Every scope is checked before any is written: a refusal leaves nothing behind.
    for (const p of permissions) requireMayPermit(actor, row.team_id, p, own);
    const before = await this.view(tx, row);
    for (const p of permissions) {
      const until = delegatedExpiry(own, p, expiresAt);
      await insertPermission(tx, row.client_id, p.resourceServerId, p.scope, now, until);
    }
    await recordChange(tx, 'client', row.client_id, now);
    const after = await this.view(tx, row);
    await recordAudit(tx, this.clock, actor, action, target(row), before, after);
    return after;
  }

  async removePermissions(
    clientId: string,
    scopes: string[],
    actor: Actor = CLI_ACTOR,
    options: { field?: ScopeField } = {},
  ): Promise<Client> {
    requireScope(actor, 'clients:write');
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, clientId, actor);
      const before = await this.view(tx, row);
      for (const p of await resolvePermissions(tx, scopes, options.field ?? 'scope')) {
        await deletePermission(tx, clientId, p.resourceServerId, p.scope);
      }
      await recordChange(tx, 'client', clientId, this.clock.now());
      const after = await this.view(tx, row);
      await recordAudit(tx, this.clock, actor, 'client.revoke_grant', target(row), before, after);
      return after;
    });
  }

  /** Replaces the public keys of a private_key_jwt client: the next assertion is checked against them. */
  async setKeys(clientId: string, input: unknown, actor: Actor = CLI_ACTOR): Promise<Client> {
    requireScope(actor, 'clients:write');
    const parsed = putKeysSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const { jwks, jwksUri } = parsed.data;
    if (jwks) checkJwks(jwks);
    if (jwksUri !== undefined) checkJwksUri(jwksUri, this.options.allowHttpJwksUri);
    return this.db.transaction(async (tx) => {
      const row = await this.require(tx, clientId, actor);
      if (row.auth_method !== 'private_key_jwt') {
        throw new ValidationError([
          `authMethod: client "${clientId}" uses ${row.auth_method}, not private_key_jwt`,
        ]);
      }
      requireMayActAs(actor, clientId, await this.currentPermissions(tx, clientId));
      const before = await this.view(tx, row);
      const now = this.clock.now();
      await updateClient(tx, clientId, {
        ...row,
        jwks: jwks ? JSON.stringify(jwks) : null,
        jwks_uri: jwksUri ?? null,
        updated_at: now,
      });
      await recordChange(tx, 'client', clientId, now);
      const after = await this.view(tx, await this.require(tx, clientId, actor));
      await recordAudit(tx, this.clock, actor, 'client.keys_set', target(row), before, after);
      return after;
    });
  }

  /** The client row, after checking it exists and the actor may change it. */
  async require(db: Db, clientId: string, actor: Actor): Promise<ClientRow> {
    const row = await findClient(db, clientId);
    if (!row) throw new NotFoundError(`no client "${clientId}"`);
    requireMember(actor, row.team_id, `client "${clientId}"`);
    return row;
  }

  /** A delegating client's own permissions, read in the transaction that passes them on; null for people. */
  private async delegatorPermissions(tx: Db, actor: Actor): Promise<PermissionRow[] | null> {
    return actor.type === 'client' && actor.id !== null ? this.currentPermissions(tx, actor.id) : null;
  }

  /** Permissions that have not run out. */
  async currentPermissions(db: Db, clientId: string): Promise<PermissionRow[]> {
    const now = this.clock.now();
    return (await listPermissions(db, clientId)).filter((g) => g.expires_at === null || g.expires_at > now);
  }

  private async view(db: Db, row: ClientRow): Promise<Client> {
    return clientView(
      row,
      await this.currentPermissions(db, row.client_id),
      await listSecrets(db, row.client_id),
    );
  }
}

import {
  type Client,
  type CreateClientInput,
  createClientSchema,
  patchClientSchema,
  type PatchClientBody,
  toIssues,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { generateClientId } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  deleteClient,
  findClient,
  insertClient,
  insertDeletedClient,
  listClients,
  setClientEnabled,
  updateClient,
} from '../store/repos/clients.js';
import type { ClientRow } from '../store/repos/rows.js';
import { type IssuedSecret, issueSecret } from './client-secrets.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, requireAdmin, requireMember, requireScope } from './authz.js';
import { setClientKeys } from './client-keys.js';
import {
  type AddPermissionsOptions,
  addPermissions,
  checkPermissions,
  removePermissions,
  writePermissions,
} from './client-permissions.js';
import { clientTarget, readClient, requireClient } from './client-records.js';
import { NotFoundError, ValidationError } from './errors.js';
import { requireTeam } from './teams.js';
import { checkJwks, checkJwksUri } from './client-key-checks.js';
import type { ScopeField } from './resolve-permissions.js';

export interface ClientServiceOptions {
  /** Plain-http jwks_uri lets a test serve keys on loopback; production requires https. */
  allowHttpJwksUri: boolean;
}

export interface CreatedClient {
  client: Client;
  /** Present for secret-based clients. Shown once: only its hash is kept. */
  secret: IssuedSecret | null;
}

/**
 * The rules for callers: which scopes they may hold, how they authenticate, whether they may
 * get tokens. The lifecycle lives here; permissions and keys have files of their own.
 */
export class ClientService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: ClientServiceOptions,
  ) {}

  /** `teamId` names the owning team; without one, only platform admins may create it. */
  async create(
    input: CreateClientInput,
    actor: Actor,
    options: { teamId?: string | null } = {},
  ): Promise<CreatedClient> {
    requireScope(actor, 'clients:write');
    const teamId = options.teamId ?? null;
    if (teamId === null) requireAdmin(actor, 'create a client that belongs to no team');
    const parsed = createClientSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
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
      grant_types: JSON.stringify(value.grantTypes),
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
      const checked = await checkPermissions(tx, this.clock, actor, row.team_id, value.scopes, 'scopes');
      await insertClient(tx, row);
      await writePermissions(tx, row.client_id, checked, null, now);
      if (value.authMethod !== 'private_key_jwt') {
        secret = await issueSecret(tx, row.client_id, now, value.secretExpiresIn);
      }
      await recordChange(tx, 'client', row.client_id, now);
      const after = await this.view(tx, row);
      await recordAudit(tx, this.clock, actor, 'client.create', clientTarget(row), null, after);
      return after;
    });
    // The answer is what was written: a caller without clients:read still gets its secret.
    return { client, secret };
  }

  /** Every client the actor may manage: all of them for admins and the CLI. */
  async list(actor: Actor): Promise<Client[]> {
    requireScope(actor, 'clients:read');
    const rows = (await listClients(this.db)).filter((row) => isMember(actor, row.team_id));
    return Promise.all(rows.map((row) => this.view(this.db, row)));
  }

  async get(clientId: string, actor: Actor): Promise<Client> {
    requireScope(actor, 'clients:read');
    const row = await findClient(this.db, clientId);
    if (!row) throw new NotFoundError(`no client "${clientId}"`);
    requireMember(actor, row.team_id, `client "${clientId}"`);
    return this.view(this.db, row);
  }

  /** A disabled client keeps its settings but gets no tokens, and its tokens stop introspecting as active. */
  async setEnabled(clientId: string, enabled: boolean, actor: Actor): Promise<Client> {
    return this.update(clientId, { enabled }, actor);
  }

  /** Name, description, grant types and the enabled switch: what a team changes day to day. */
  async update(clientId: string, patch: PatchClientBody, actor: Actor): Promise<Client> {
    requireScope(actor, 'clients:write');
    const parsed = patchClientSchema.safeParse(patch);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    return this.db.transaction(async (tx) => {
      const row = await requireClient(tx, clientId, actor);
      const before = await this.view(tx, row);
      const now = this.clock.now();
      if (value.enabled !== undefined) await setClientEnabled(tx, clientId, value.enabled, now);
      if (value.name !== undefined || value.description !== undefined || value.grantTypes !== undefined) {
        await updateClient(tx, clientId, {
          ...row,
          name: value.name ?? row.name,
          description: value.description ?? row.description,
          grant_types: value.grantTypes ? JSON.stringify(value.grantTypes) : row.grant_types,
          updated_at: now,
        });
      }
      await recordChange(tx, 'client', clientId, now);
      const action =
        value.enabled === undefined ? 'client.update' : value.enabled ? 'client.enable' : 'client.disable';
      const after = await this.view(tx, await requireClient(tx, clientId, actor));
      await recordAudit(tx, this.clock, actor, action, clientTarget(row), before, after);
      return after;
    });
  }

  async delete(clientId: string, actor: Actor): Promise<void> {
    requireScope(actor, 'clients:write');
    await this.db.transaction(async (tx) => {
      const row = await requireClient(tx, clientId, actor);
      const before = await this.view(tx, row);
      await deleteClient(tx, clientId);
      const now = this.clock.now();
      await insertDeletedClient(tx, clientId, now);
      await recordChange(tx, 'client', clientId, now);
      await recordAudit(tx, this.clock, actor, 'client.delete', clientTarget(row), before, null);
    });
  }

  /** See client-permissions.ts. */
  async addPermissions(
    clientId: string,
    scopes: string[],
    actor: Actor,
    options: AddPermissionsOptions = {},
  ): Promise<Client> {
    return addPermissions(this.db, this.clock, clientId, scopes, actor, options);
  }

  async removePermissions(
    clientId: string,
    scopes: string[],
    actor: Actor,
    options: { field?: ScopeField } = {},
  ): Promise<Client> {
    return removePermissions(this.db, this.clock, clientId, scopes, actor, options.field ?? 'scope');
  }

  /** See client-keys.ts. */
  async setKeys(clientId: string, input: unknown, actor: Actor): Promise<Client> {
    return setClientKeys(this.db, this.clock, this.options.allowHttpJwksUri, clientId, input, actor);
  }

  private async view(db: Db, row: ClientRow): Promise<Client> {
    return readClient(db, this.clock, row);
  }
}

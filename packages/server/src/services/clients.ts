import { type Client, type CreateClientInput, createClientSchema, formatIssues } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { importPublicJwks, JwksError } from '@gatehouse/jws';
import { generateClientId } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  deleteClient,
  deleteGrant,
  findClient,
  insertClient,
  insertDeletedClient,
  insertGrant,
  listClients,
  listGrants,
  listSecrets,
  setClientEnabled,
} from '../store/repos/clients.js';
import { listResourceServers, listScopes } from '../store/repos/resource-servers.js';
import type { ClientRow } from '../store/repos/rows.js';
import { type IssuedSecret, issueSecret } from './client-secrets.js';
import { NotFoundError, ValidationError } from './errors.js';
import { resolveQualifiedScope } from './qualified-scope.js';
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

interface ResolvedGrant {
  resourceServerId: string;
  scope: string;
}

/** The rules for callers: which scopes they may hold, how they authenticate, whether they may get tokens. */
export class ClientService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: ClientServiceOptions,
  ) {}

  async create(input: CreateClientInput): Promise<CreatedClient> {
    const parsed = createClientSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const value = parsed.data;
    if (value.jwks) {
      try {
        importPublicJwks(value.jwks);
      } catch (error) {
        if (error instanceof JwksError) throw new ValidationError([`jwks: ${error.message}`]);
        throw error;
      }
    }
    if (value.jwksUri && new URL(value.jwksUri).protocol !== 'https:' && !this.options.allowHttpJwksUri) {
      throw new ValidationError(['jwksUri: must be an https URL']);
    }
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
    };
    let secret: IssuedSecret | null = null;
    await this.db.transaction(async (tx) => {
      const grants = await resolveGrants(tx, value.scopes, 'scopes');
      await insertClient(tx, row);
      for (const grant of grants)
        await insertGrant(tx, row.client_id, grant.resourceServerId, grant.scope, now);
      if (value.authMethod !== 'private_key_jwt') {
        secret = await issueSecret(tx, row.client_id, now, value.secretExpiresIn);
      }
      await recordChange(tx, 'client', row.client_id, now);
    });
    return { client: await this.get(row.client_id), secret };
  }

  async list(): Promise<Client[]> {
    const rows = await listClients(this.db);
    return Promise.all(
      rows.map(async (row) =>
        clientView(row, await listGrants(this.db, row.client_id), await listSecrets(this.db, row.client_id)),
      ),
    );
  }

  async get(clientId: string): Promise<Client> {
    const row = await findClient(this.db, clientId);
    if (!row) throw new NotFoundError(`no client "${clientId}"`);
    return clientView(row, await listGrants(this.db, clientId), await listSecrets(this.db, clientId));
  }

  /** A disabled client keeps its settings but gets no tokens, and its tokens stop introspecting as active. */
  async setEnabled(clientId: string, enabled: boolean): Promise<Client> {
    await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      if (!(await setClientEnabled(tx, clientId, enabled, now)))
        throw new NotFoundError(`no client "${clientId}"`);
      await recordChange(tx, 'client', clientId, now);
    });
    return this.get(clientId);
  }

  async delete(clientId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await deleteClient(tx, clientId))) throw new NotFoundError(`no client "${clientId}"`);
      const now = this.clock.now();
      await insertDeletedClient(tx, clientId, now);
      await recordChange(tx, 'client', clientId, now);
    });
  }

  /** Adds grants; scopes the client already holds are left as they are. */
  async grant(clientId: string, scopes: string[]): Promise<Client> {
    await this.db.transaction(async (tx) => {
      if (!(await findClient(tx, clientId))) throw new NotFoundError(`no client "${clientId}"`);
      const held = new Set((await listGrants(tx, clientId)).map((g) => `${g.resource_server_id} ${g.scope}`));
      const now = this.clock.now();
      for (const grant of await resolveGrants(tx, scopes, 'scope')) {
        if (held.has(`${grant.resourceServerId} ${grant.scope}`)) continue;
        await insertGrant(tx, clientId, grant.resourceServerId, grant.scope, now);
      }
      await recordChange(tx, 'client', clientId, now);
    });
    return this.get(clientId);
  }

  async revokeGrant(clientId: string, scopes: string[]): Promise<Client> {
    await this.db.transaction(async (tx) => {
      if (!(await findClient(tx, clientId))) throw new NotFoundError(`no client "${clientId}"`);
      for (const grant of await resolveGrants(tx, scopes, 'scope')) {
        await deleteGrant(tx, clientId, grant.resourceServerId, grant.scope);
      }
      await recordChange(tx, 'client', clientId, this.clock.now());
    });
    return this.get(clientId);
  }
}

/** Resolves `<identifier>/<scope>` strings against the registry, naming each one that does not resolve. */
async function resolveGrants(db: Db, qualified: readonly string[], field: string): Promise<ResolvedGrant[]> {
  const servers = new Map((await listResourceServers(db)).map((r) => [r.identifier, r]));
  const scopes = new Set((await listScopes(db)).map((s) => `${s.resource_server_id} ${s.name}`));
  const issues: string[] = [];
  const out = new Map<string, ResolvedGrant>();
  qualified.forEach((q, index) => {
    const resolved = resolveQualifiedScope(q, (identifier) => servers.get(identifier));
    if (!resolved) {
      issues.push(`${field}.${index}: no resource server matches "${q}" (expected <identifier>/<scope>)`);
    } else if (!scopes.has(`${resolved.resource.id} ${resolved.scope}`)) {
      issues.push(
        `${field}.${index}: resource server "${resolved.identifier}" has no scope "${resolved.scope}"`,
      );
    } else {
      out.set(`${resolved.resource.id} ${resolved.scope}`, {
        resourceServerId: resolved.resource.id,
        scope: resolved.scope,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return [...out.values()];
}

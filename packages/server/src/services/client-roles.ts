import type { ClientRoles, RoleRef, ScopeOrigin } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  addClientRole,
  listClientRoles,
  listRolePermissions,
  listRoleScopes,
  removeClientRole,
} from '../store/repos/roles.js';
import type { ClientRow, RoleRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { requireScope } from './authz.js';
import { clientTarget, currentPermissions, requireClient } from './client-records.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';
import { resolvePermissions } from './resolve-permissions.js';
import { findRoleFor, roleRef } from './role-records.js';
import { requireMayBundle } from './role-rules.js';
import { iso } from './views.js';

/**
 * A client's roles, and every scope it may request with where it comes from. Giving a client
 * a role gives it the role's scopes, so it takes the authority to give each of them.
 */
export class ClientRoleService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(clientId: string, actor: Actor): Promise<ClientRoles> {
    requireScope(actor, 'clients:read');
    const row = await requireClient(this.db, clientId, actor);
    return readClientRoles(this.db, this.clock, row);
  }

  /** `role` is an id or a name; a name is looked up in the client's own team. */
  async add(clientId: string, role: string, actor: Actor): Promise<ClientRoles> {
    requireScope(actor, 'clients:write');
    return this.db.transaction(async (tx) => {
      const client = await requireClient(tx, clientId, actor);
      const found = await findRoleFor(tx, role, actor, role.startsWith('role_') ? undefined : client.team_id);
      if (found.team_id !== client.team_id) {
        throw new ForbiddenError(
          `role "${found.name}" belongs to another team; a client holds only roles of its own team`,
        );
      }
      const scopes = (await listRoleScopes(tx, found.id)).map((s) => `${s.identifier}/${s.scope}`);
      const own =
        actor.type === 'client' && actor.id !== null
          ? await currentPermissions(tx, this.clock, actor.id)
          : null;
      for (const p of await resolvePermissions(tx, scopes, 'role')) {
        await requireMayBundle(tx, this.clock, actor, found.team_id, p, own);
      }
      const before = await readClientRoles(tx, this.clock, client);
      if (!(await addClientRole(tx, client.client_id, found.id, this.clock.now()))) {
        throw new ConflictError(`client "${client.name}" already holds role "${found.name}"`);
      }
      return this.changed(tx, client, found, actor, 'client.roles.add', before);
    });
  }

  async remove(clientId: string, role: string, actor: Actor): Promise<ClientRoles> {
    requireScope(actor, 'clients:write');
    return this.db.transaction(async (tx) => {
      const client = await requireClient(tx, clientId, actor);
      const held = await listClientRoles(tx, client.client_id);
      const found = held.find((r) => r.id === role) ?? held.find((r) => r.name === role);
      if (!found) throw new NotFoundError(`client "${client.name}" holds no role "${role}"`);
      const before = await readClientRoles(tx, this.clock, client);
      await removeClientRole(tx, client.client_id, found.id);
      return this.changed(tx, client, found, actor, 'client.roles.remove', before);
    });
  }

  /** Only this client's cached entry changes, so the change names the client. */
  private async changed(
    tx: Db,
    client: ClientRow,
    role: RoleRow,
    actor: Actor,
    action: string,
    before: ClientRoles,
  ): Promise<ClientRoles> {
    await recordChange(tx, 'client', client.client_id, this.clock.now());
    const after = await readClientRoles(tx, this.clock, client);
    await recordAudit(tx, this.clock, actor, action, clientTarget(client), before, {
      ...after,
      role: roleRef(role),
    });
    return after;
  }
}

/** Every scope the client may request: its own permissions and its roles', merged by scope. */
export async function readClientRoles(db: Db, clock: Clock, client: ClientRow): Promise<ClientRoles> {
  // One after the other: inside a transaction, PostgreSQL takes one query at a time.
  const roles = await listClientRoles(db, client.client_id);
  const own = await currentPermissions(db, clock, client.client_id);
  const fromRoles = await listRolePermissions(db, client.client_id);
  const origins = new Map<string, ScopeOrigin>();
  const origin = (scope: string) => {
    let o = origins.get(scope);
    if (!o) origins.set(scope, (o = { scope, direct: false, expiresAt: null, roles: [] as RoleRef[] }));
    return o;
  };
  for (const p of own) {
    const o = origin(`${p.identifier}/${p.scope}`);
    o.direct = true;
    o.expiresAt = p.expires_at === null ? null : iso(p.expires_at);
  }
  const byId = new Map(roles.map((r) => [r.id, r]));
  for (const p of fromRoles) {
    const role = byId.get(p.role_id);
    if (role) origin(`${p.identifier}/${p.scope}`).roles.push(roleRef(role));
  }
  return {
    clientId: client.client_id,
    roles: roles.map(roleRef),
    scopes: [...origins.values()].sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0)),
  };
}

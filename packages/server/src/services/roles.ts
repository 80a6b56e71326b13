import {
  createRoleSchema,
  type Role,
  roleScopesChangeSchema,
  toIssues,
  updateRoleSchema,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import { type Db, UniqueViolation } from '../store/db.js';
import { recordChange } from '../store/repos/changes.js';
import {
  addRoleScope,
  deleteRole,
  insertRole,
  listRoles,
  removeRoleScope,
  touchRole,
  updateRole,
} from '../store/repos/roles.js';
import type { RoleRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, requireAdmin, requireMember, requireScope } from './authz.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { resolvePermissions } from './resolve-permissions.js';
import { findRoleFor, readRole, roleTarget } from './role-records.js';
import { checkRoleScopes, validateRole } from './role-rules.js';
import { requireTeam } from './teams.js';

/** Where a role is named: by id or name, within a team (id or slug) when the name is not unique. */
export interface RoleLookup {
  team?: string | null;
}

const taken = (name: string) => new ConflictError(`the team already has a role named "${name}"`);

/**
 * Roles: named bundles of scopes, owned by a team, that its clients hold. Bundling a scope takes
 * the authority that giving it to one of the team's clients takes (role-rules.ts), and every
 * change reaches the holders' cached entries through the change log.
 */
export class RoleService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(input: unknown, actor: Actor): Promise<Role> {
    requireScope(actor, 'roles:write');
    const issues = validateRole(input);
    if (issues.length > 0) throw new ValidationError(issues);
    const value = createRoleSchema.parse(input);
    const now = this.clock.now();
    const row: RoleRow = {
      id: randomId('role_', 10),
      team_id: null,
      name: value.name,
      description: value.description,
      created_at: now,
      updated_at: now,
    };
    try {
      return await this.db.transaction(async (tx) => {
        if (value.teamId === null || value.teamId === undefined)
          requireAdmin(actor, 'create a role that belongs to no team');
        else {
          row.team_id = (await requireTeam(tx, value.teamId)).id;
          requireMember(actor, row.team_id, 'that team');
        }
        const permissions = await checkRoleScopes(tx, this.clock, actor, row.team_id, value.scopes);
        await insertRole(tx, row);
        for (const p of permissions) await addRoleScope(tx, row.id, p, now);
        const after = await readRole(tx, row);
        await recordAudit(tx, this.clock, actor, 'role.create', roleTarget(row), null, after);
        return after;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw taken(value.name);
      throw error;
    }
  }

  /** The roles of the actor's teams (platform admins: all), or of one team. */
  async list(actor: Actor, team?: string): Promise<Role[]> {
    requireScope(actor, 'roles:read');
    const teamId = team === undefined ? undefined : (await requireTeam(this.db, team)).id;
    const rows = (await listRoles(this.db, teamId)).filter((r) => isMember(actor, r.team_id));
    return Promise.all(rows.map((r) => readRole(this.db, r)));
  }

  async get(ref: string, actor: Actor, lookup: RoleLookup = {}): Promise<Role> {
    requireScope(actor, 'roles:read');
    return readRole(this.db, await findRoleFor(this.db, ref, actor, lookup.team));
  }

  async update(ref: string, input: unknown, actor: Actor, lookup: RoleLookup = {}): Promise<Role> {
    requireScope(actor, 'roles:write');
    const parsed = updateRoleSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    try {
      return await this.db.transaction(async (tx) => {
        const row = await this.requireRole(tx, ref, actor, lookup);
        const before = await readRole(tx, row);
        const next = {
          name: value.name ?? row.name,
          description: value.description ?? row.description,
        };
        await updateRole(tx, row.id, next, this.clock.now());
        const changed = { ...row, ...next, updated_at: this.clock.now() };
        const after = await readRole(tx, changed);
        await recordAudit(tx, this.clock, actor, 'role.update', roleTarget(changed), before, after);
        return after;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw taken(value.name ?? ref);
      throw error;
    }
  }

  /** Its holders lose its scopes at once, on every instance. */
  async delete(ref: string, actor: Actor, lookup: RoleLookup = {}): Promise<void> {
    requireScope(actor, 'roles:write');
    await this.db.transaction(async (tx) => {
      const row = await this.requireRole(tx, ref, actor, lookup);
      const before = await readRole(tx, row);
      await deleteRole(tx, row.id);
      await recordChange(tx, 'role', row.id, this.clock.now());
      await recordAudit(tx, this.clock, actor, 'role.delete', roleTarget(row), before, null);
    });
  }

  async addScopes(ref: string, input: unknown, actor: Actor, lookup: RoleLookup = {}): Promise<Role> {
    requireScope(actor, 'roles:write');
    const scopes = this.parseScopes(input);
    return this.db.transaction(async (tx) => {
      const row = await this.requireRole(tx, ref, actor, lookup);
      const permissions = await checkRoleScopes(tx, this.clock, actor, row.team_id, scopes);
      const before = await readRole(tx, row);
      const now = this.clock.now();
      for (const p of permissions) await addRoleScope(tx, row.id, p, now);
      return this.changed(tx, row, actor, 'role.scope.add', before);
    });
  }

  /** Removing needs no authority over the API: a team may always hand back what it holds. */
  async removeScopes(ref: string, input: unknown, actor: Actor, lookup: RoleLookup = {}): Promise<Role> {
    requireScope(actor, 'roles:write');
    const scopes = this.parseScopes(input);
    return this.db.transaction(async (tx) => {
      const row = await this.requireRole(tx, ref, actor, lookup);
      const before = await readRole(tx, row);
      const missing: string[] = [];
      for (const p of await resolvePermissions(tx, scopes, 'scopes')) {
        if (!(await removeRoleScope(tx, row.id, p))) missing.push(`${p.identifier}/${p.scope}`);
      }
      if (missing.length > 0) {
        throw new NotFoundError(
          `role "${row.name}" does not bundle ${missing.map((m) => `"${m}"`).join(', ')}`,
        );
      }
      return this.changed(tx, row, actor, 'role.scope.remove', before);
    });
  }

  private parseScopes(input: unknown): string[] {
    const parsed = roleScopesChangeSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return parsed.data.scopes;
  }

  /** Records the change for every holder's cached entry and the audit entry, in the same transaction. */
  private async changed(tx: Db, row: RoleRow, actor: Actor, action: string, before: Role): Promise<Role> {
    const now = this.clock.now();
    await touchRole(tx, row.id, now);
    await recordChange(tx, 'role', row.id, now);
    const after = await readRole(tx, { ...row, updated_at: now });
    await recordAudit(tx, this.clock, actor, action, roleTarget(row), before, after);
    return after;
  }

  private async requireRole(tx: Db, ref: string, actor: Actor, lookup: RoleLookup): Promise<RoleRow> {
    const row = await findRoleFor(tx, ref, actor, lookup.team);
    requireMember(actor, row.team_id, `role "${row.name}"`);
    return row;
  }
}

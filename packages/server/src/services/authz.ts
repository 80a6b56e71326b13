import type { Actor } from './actor.js';
import { ForbiddenError } from './errors.js';

/** Scopes of the built-in `gatehouse-admin` resource server that machine clients use for the admin API. */
export const ADMIN_SCOPES = [
  { name: 'teams:read', description: 'Read teams and their members' },
  { name: 'teams:write', description: 'Create teams and manage their members' },
  { name: 'resource-servers:read', description: 'Read resource servers and scopes' },
  { name: 'resource-servers:write', description: 'Create, change and delete resource servers' },
  { name: 'clients:read', description: 'Read clients, permissions and usage' },
  { name: 'clients:write', description: 'Create, change and delete clients, secrets, keys and permissions' },
  { name: 'user-pools:read', description: 'Read user pools, their app clients, users and groups' },
  {
    name: 'user-pools:write',
    description: 'Create, change and delete user pools, their app clients, users and groups',
  },
  { name: 'access-keys:read', description: 'Read access keys for the Cognito wire (never their secrets)' },
  {
    name: 'access-keys:write',
    description: 'Create, disable and delete access keys for the Cognito wire (team owners)',
  },
  { name: 'roles:read', description: 'Read roles, their scopes and their holders' },
  {
    name: 'roles:write',
    description: 'Create, change and delete roles (giving them to clients takes clients:write)',
  },
  { name: 'access-requests:read', description: 'Read access requests' },
  { name: 'access-requests:write', description: 'Make, approve and deny access requests' },
  { name: 'audit:read', description: 'Read and export the audit log' },
  { name: 'users:read', description: 'Read user accounts' },
  { name: 'users:write', description: 'Create user accounts' },
  { name: 'admins:write', description: 'Make platform admins (together with users:write)' },
] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number]['name'];

/** A machine client's token must carry the scope; people are limited by role, not scope. */
export function requireScope(actor: Actor, scope: AdminScope): void {
  if (actor.scopes !== null && !actor.scopes.has(scope)) {
    throw new ForbiddenError(`this token lacks the scope "gatehouse-admin/${scope}"`);
  }
}

/**
 * What no team bounds (user accounts, the admin flag): a person must be a platform admin; a
 * machine client needs the scope itself, which only a platform admin can have granted it.
 */
export function requirePlatformScope(actor: Actor, scope: AdminScope, what: string): void {
  requireScope(actor, scope);
  if (actor.type !== 'client') requireAdmin(actor, what);
}

export function isMember(actor: Actor, teamId: string | null): boolean {
  return actor.isAdmin || (teamId !== null && (actor.everyTeam || actor.teams.has(teamId)));
}

export function isOwner(actor: Actor, teamId: string | null): boolean {
  return actor.isAdmin || (teamId !== null && actor.teams.get(teamId) === 'owner');
}

/** Members change what their team owns; objects no team owns are for platform admins. */
export function requireMember(actor: Actor, teamId: string | null, what: string): void {
  if (!isMember(actor, teamId)) {
    throw new ForbiddenError(
      teamId === null
        ? `${what} belongs to no team; only platform admins may change it`
        : `${what} belongs to another team; only its members may change it`,
    );
  }
}

export function requireOwner(actor: Actor, teamId: string | null, what: string): void {
  if (!isOwner(actor, teamId))
    throw new ForbiddenError(`only owners of the team that owns ${what} may do this`);
}

export function requireAdmin(actor: Actor, what: string): void {
  if (!actor.isAdmin) throw new ForbiddenError(`only platform admins may ${what}`);
}

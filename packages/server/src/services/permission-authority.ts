import { BUILT_IN_RESOURCE_SERVER } from '@gatehouse/schemas';
import type { PermissionRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { isMember, isOwner } from './authz.js';
import { ForbiddenError } from './errors.js';

/** A permission about to be given, resolved against the registry. */
export interface ResolvedPermission {
  resourceServerId: string;
  identifier: string;
  teamId: string | null;
  scope: string;
}

/** `gatehouse-admin` scopes whose reach no team bounds: a team's client holding one can do what its members cannot. */
const PLATFORM_SCOPES: ReadonlySet<string> = new Set([
  'users:read',
  'users:write',
  'admins:write',
  'tokens:introspect',
]);

function holds(actor: Actor, permission: { resourceServerId: string; scope: string }): boolean {
  return actor.holds?.get(permission.resourceServerId)?.includes(permission.scope) ?? false;
}

/**
 * Nobody grants what they do not hold. Gatehouse's own scopes are a platform admin's to give.
 * A machine client passes on only scopes it holds itself right now (like a role it may pass
 * on, never a way to widen itself). People follow their role: members grant their own
 * team's APIs to their own team's clients; across teams it takes an owner of the API's team,
 * which is what approving an access request does; platform admins grant anything.
 */
export function requireMayPermit(
  actor: Actor,
  clientTeamId: string | null,
  permission: ResolvedPermission,
  own: readonly PermissionRow[] | null = null,
): void {
  const name = `${permission.identifier}/${permission.scope}`;
  if (actor.isAdmin) return;
  if (permission.identifier === BUILT_IN_RESOURCE_SERVER) {
    throw new ForbiddenError(`"${name}" is one of Gatehouse's own scopes; only platform admins may grant it`);
  }
  if (actor.type === 'client') {
    const held = own ? ownPermission(own, permission) !== undefined : holds(actor, permission);
    if (!held) {
      throw new ForbiddenError(`this client does not hold "${name}" itself, so it may not grant it`);
    }
    return;
  }
  const ok =
    permission.teamId !== null &&
    isMember(actor, permission.teamId) &&
    (permission.teamId === clientTeamId || isOwner(actor, permission.teamId));
  if (!ok) {
    throw new ForbiddenError(`"${name}" belongs to another team's API; ask for it with an access request`);
  }
}

function ownPermission(
  own: readonly PermissionRow[],
  permission: ResolvedPermission,
): PermissionRow | undefined {
  return own.find(
    (p) => p.resource_server_id === permission.resourceServerId && p.scope === permission.scope,
  );
}

/**
 * A client passes a scope on for no longer than it holds it: one it holds until Friday does
 * not become another client's for good. `own` are the granting client's current permissions, null
 * for people and the operator.
 */
export function delegatedExpiry(
  own: readonly PermissionRow[] | null,
  permission: ResolvedPermission,
  requested: number | null,
): number | null {
  const until = own === null ? null : (ownPermission(own, permission)?.expires_at ?? null);
  if (until === null) return requested;
  return requested === null ? until : Math.min(requested, until);
}

/**
 * A new secret or new keys let the caller act as the client, so the caller must be able to
 * hold what the client's `gatehouse-admin` permissions give: a machine client only what it holds
 * itself; a person nothing that reaches past the client's team, unless a platform admin.
 * `permissions` are the client's current permissions.
 */
export function requireMayActAs(actor: Actor, clientId: string, permissions: readonly PermissionRow[]): void {
  if (actor.isAdmin) return;
  const beyond = permissions.filter(
    (g) =>
      g.identifier === BUILT_IN_RESOURCE_SERVER &&
      (actor.type === 'client'
        ? !holds(actor, { resourceServerId: g.resource_server_id, scope: g.scope })
        : PLATFORM_SCOPES.has(g.scope)),
  );
  if (beyond.length > 0) {
    const names = beyond.map((g) => `"${g.identifier}/${g.scope}"`).join(', ');
    throw new ForbiddenError(
      `client "${clientId}" holds ${names}; only a platform admin${actor.type === 'client' ? ' or a client holding the same' : ''} may give it new credentials`,
    );
  }
}

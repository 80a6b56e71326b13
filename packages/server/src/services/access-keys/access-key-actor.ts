import type { AccessKeyActor, TeamRole } from '../actor.js';
import type { AdminScope } from '../authz.js';

/**
 * What a key may do: the Cognito wire's management and admin operations, on user pools and
 * resource servers. Never teams, people, clients or other keys, whoever made it.
 */
export const ACCESS_KEY_SCOPES: ReadonlySet<AdminScope> = new Set<AdminScope>([
  'user-pools:read',
  'user-pools:write',
  'resource-servers:read',
  'resource-servers:write',
]);

export interface AccessKeyIdentity {
  accessKeyId: string;
  teamId: string | null;
  name: string;
}

/** A team's key acts as a member of that team; a key without a team, as a platform admin. */
export function accessKeyActor(
  key: AccessKeyIdentity,
  origin: { ip: string | null; userAgent: string | null },
): AccessKeyActor {
  return Object.freeze({
    type: 'access_key',
    id: key.accessKeyId,
    name: key.name || key.accessKeyId,
    isAdmin: key.teamId === null,
    teams: new Map<string, TeamRole>(key.teamId === null ? [] : [[key.teamId, 'member']]),
    everyTeam: false,
    scopes: ACCESS_KEY_SCOPES,
    holds: null,
    ip: origin.ip,
    userAgent: origin.userAgent,
  });
}

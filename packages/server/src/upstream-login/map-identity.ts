import type { SsoIdentity } from './identity.js';
import type { OidcSettings, TeamRole } from './settings.js';

export interface MappedRoles {
  isAdmin: boolean;
  /** One entry per team, in the order the settings name the teams. */
  teams: { team: string; role: TeamRole }[];
}

/**
 * The Gatehouse roles an identity's groups give, worked out afresh at every sign-in: platform
 * admin if any group is an admin group; a team membership for each team a group maps to, as
 * owner when any of the person's groups makes them owner of that team.
 *
 * @example
 * mapIdentity(identity, { ...settings, adminGroups: ['platform'], teamGroups: [{ group: 'eng', team: 'orders', role: 'member' }] });
 * // { isAdmin: false, teams: [{ team: 'orders', role: 'member' }] } for groups ['eng']
 */
export function mapIdentity(
  identity: SsoIdentity,
  settings: Pick<OidcSettings, 'adminGroups' | 'teamGroups'>,
): MappedRoles {
  const groups = new Set(identity.groups);
  const isAdmin = settings.adminGroups.some((group) => groups.has(group));
  const roles = new Map<string, TeamRole>();
  for (const { group, team, role } of settings.teamGroups) {
    if (!groups.has(group)) continue;
    if (roles.get(team) !== 'owner') roles.set(team, role);
  }
  return { isAdmin, teams: [...roles].map(([team, role]) => ({ team, role })) };
}

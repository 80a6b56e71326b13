import { createContext, useContext } from 'react';
import type { AuthConfig, CatalogueEntry, Me } from '../api/types';

export interface Session {
  me: Me;
  config: AuthConfig;
  /** Reloads `/api/v1/me`, e.g. after joining or creating a team. */
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in person; only pages behind sign-in use it. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Whether the person may manage things owned by `teamId`: its members, and platform admins. */
export function canManageTeam(me: Me, teamId: string | null): boolean {
  if (me.user.isAdmin) return true;
  return teamId !== null && me.teams.some((team) => team.id === teamId);
}

export function isTeamOwner(me: Me, teamId: string): boolean {
  return me.user.isAdmin || me.teams.some((team) => team.id === teamId && team.role === 'owner');
}

/**
 * The server's rule for giving a permission directly: members give their team's APIs' scopes to their
 * team's clients, owners of an API's team to any client, platform admins anything. Everything
 * else goes through an access request.
 */
export function mayPermit(me: Me, api: CatalogueEntry, clientTeamId: string | null): boolean {
  if (me.user.isAdmin) return true;
  const membership = api.team ? me.teams.find((team) => team.id === api.team?.id) : undefined;
  if (!membership) return false;
  return membership.id === clientTeamId || membership.role === 'owner';
}

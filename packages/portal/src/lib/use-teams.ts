import { listTeams } from '../api/teams';
import type { Team } from '../api/types';
import { useSession } from './session';
import { useLoad } from './use-load';

export interface TeamChoice {
  id: string;
  name: string;
}

/**
 * Every team (for names), and the teams the person may create things for: their own, or every
 * team for a platform admin.
 */
export function useTeams(): { all: Team[]; owners: TeamChoice[]; nameOf: (id: string | null) => string } {
  const { me } = useSession();
  const { data } = useLoad(() => listTeams().catch(() => [] as Team[]), []);
  const all = data ?? [];
  const owners: TeamChoice[] = me.user.isAdmin && all.length > 0 ? all : me.teams;
  const nameOf = (id: string | null) => {
    if (id === null) return 'Gatehouse';
    return all.find((t) => t.id === id)?.name ?? me.teams.find((t) => t.id === id)?.name ?? 'another team';
  };
  return { all, owners, nameOf };
}

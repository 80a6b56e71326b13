import type { Db } from '../../store/db.js';
import { listClients } from '../../store/repos/clients.js';
import { listTeams } from '../../store/repos/people.js';
import type { ClientRow } from '../../store/repos/rows.js';
import type { Actor } from '../actor.js';
import { isMember, requireScope } from '../authz.js';
import { ForbiddenError } from '../errors.js';
import { requireTeam } from '../teams.js';

/** The clients a report covers, with their teams' slugs. */
export interface ReportScope {
  clients: ClientRow[];
  /** The team the report was limited to (slug); null when it covers every team the actor may see. */
  team: string | null;
  teamSlug(teamId: string | null): string | null;
}

/**
 * Reports are reads of clients: team members see their teams' clients, platform admins and
 * the CLI every client, a machine client what `clients:read` and its team give it. Disabled
 * clients are left out: they get no tokens, so nothing in them needs fixing before deletion.
 */
export async function reportScope(db: Db, actor: Actor, team: string | undefined): Promise<ReportScope> {
  requireScope(actor, 'clients:read');
  let teamId: string | null = null;
  let teamSlug: string | null = null;
  if (team !== undefined) {
    const row = await requireTeam(db, team);
    if (!isMember(actor, row.id)) {
      throw new ForbiddenError(`only members of team "${row.slug}" see its reports`);
    }
    teamId = row.id;
    teamSlug = row.slug;
  }
  const [rows, teams] = await Promise.all([listClients(db), listTeams(db)]);
  const slugs = new Map(teams.map((t) => [t.id, t.slug]));
  const clients = rows.filter(
    (row) => row.enabled === 1 && isMember(actor, row.team_id) && (teamId === null || row.team_id === teamId),
  );
  return {
    clients,
    team: teamSlug,
    teamSlug: (id) => (id === null ? null : (slugs.get(id) ?? null)),
  };
}

/** Whole days from `from` to `to`, rounded down: a client idle 89.9 days is 89 days idle. */
export const wholeDays = (from: number, to: number): number => Math.floor((to - from) / 86_400_000);

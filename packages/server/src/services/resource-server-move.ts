import type { Db } from '../store/db.js';
import type { ResourceServerRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { isMember } from './authz.js';
import { ForbiddenError } from './errors.js';
import { requireTeam } from './teams.js';

/** The team an API moves to, once the actor may act for it as well as for the current one. */
export async function newOwner(
  tx: Db,
  row: ResourceServerRow,
  teamIdOrSlug: string,
  actor: Actor,
): Promise<string> {
  const team = await requireTeam(tx, teamIdOrSlug);
  if (team.id !== row.team_id && !isMember(actor, team.id)) {
    throw new ForbiddenError(
      `only members of team "${team.slug}" (or platform admins) may move "${row.identifier}" to it`,
    );
  }
  return team.id;
}

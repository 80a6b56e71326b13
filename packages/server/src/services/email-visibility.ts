import type { Db } from '../store/db.js';
import { usersInTeams } from '../store/repos/people.js';
import type { Actor } from './actor.js';

/**
 * Whose emails an actor may see: platform admins see everyone's, anyone else sees their own
 * and those of people who share a team with them. Everyone else is a name at most, so a list
 * of people is never a way to collect addresses.
 */
export async function emailsVisibleTo(
  db: Db,
  actor: Actor,
  userIds: Iterable<string | null>,
): Promise<(userId: string | null) => boolean> {
  if (actor.isAdmin) return () => true;
  const ids = [...new Set([...userIds].filter((id): id is string => id !== null && id !== actor.id))];
  const mates = await usersInTeams(db, ids, [...actor.teams.keys()]);
  return (userId) => userId !== null && (userId === actor.id || mates.has(userId));
}

import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import {
  deleteMembership,
  findTeam,
  findUserByEmail,
  findUserBySubject,
  insertTeam,
  insertUser,
  membershipsOf,
  recordSignIn,
  updateSsoUser,
  upsertMembership,
  type UserRow,
} from '../store/repos/people.js';
import { countEnabledAdmins, lockAccounts } from '../store/repos/accounts.js';
import { SYSTEM_ACTOR, type TeamRole } from './actor.js';
import { recordAudit } from './audit.js';
import { AccountDisabledError } from './errors.js';

export interface SsoPerson {
  /** `<issuer> <sub>`: stable across email changes, unique across providers. */
  subject: string;
  email: string;
  name: string;
  isAdmin: boolean;
  /** Team slug → role, for every team the identity provider's groups speak for. */
  teams: ReadonlyMap<string, TeamRole>;
  /** Every team slug the group mapping names: membership of these follows the groups exactly. */
  managedTeams: ReadonlySet<string>;
}

/**
 * Creates or updates the account of someone who signed in through the identity provider,
 * and brings their admin flag and mapped team memberships in line with their groups. An
 * existing local account is linked only through an email the provider vouches for.
 */
/**
 * The groups would make the last enabled platform admin an ordinary user: they stay an admin,
 * so the portal always has one. Making someone else an admin first lets the groups win at the
 * next sign-in.
 */
async function keepLastAdmin(tx: Db, user: UserRow, person: SsoPerson, now: number): Promise<SsoPerson> {
  if (user.is_admin !== 1 || person.isAdmin || user.disabled_at !== null) return person;
  await lockAccounts(tx, now);
  return (await countEnabledAdmins(tx)) <= 1 ? { ...person, isAdmin: true } : person;
}

export async function upsertSsoUser(db: Db, clock: Clock, person: SsoPerson): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    let user = (await findUserBySubject(tx, person.subject)) ?? (await findUserByEmail(tx, person.email));
    if (user && user.disabled_at !== null) throw new AccountDisabledError();
    if (user) {
      await updateSsoUser(tx, user.id, await keepLastAdmin(tx, user, person, now), now);
    } else {
      user = {
        id: randomId('usr_', 10),
        email: person.email,
        name: person.name,
        password_hash: null,
        is_admin: person.isAdmin ? 1 : 0,
        source: 'sso',
        sso_subject: person.subject,
        failed_attempts: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
        last_sign_in_at: null,
        disabled_at: null,
      };
      await insertUser(tx, user);
      await recordAudit(
        tx,
        clock,
        SYSTEM_ACTOR,
        'user.sso_create',
        { type: 'user', id: user.id, name: user.email, teamId: null },
        null,
        {
          email: user.email,
          isAdmin: person.isAdmin,
        },
      );
    }
    const current = new Map((await membershipsOf(tx, user.id)).map((m) => [m.team_id, m.role]));
    for (const slug of person.managedTeams) {
      const wanted = person.teams.get(slug);
      let team = await findTeam(tx, slug);
      if (!team && wanted) {
        team = {
          id: randomId('team_', 10),
          slug,
          name: slug,
          description: 'Created from single sign-on groups',
          created_at: now,
          updated_at: now,
        };
        await insertTeam(tx, team);
      }
      if (!team) continue;
      const had = current.get(team.id);
      if (wanted && had !== wanted) {
        await upsertMembership(tx, { team_id: team.id, user_id: user.id, role: wanted, created_at: now });
      } else if (!wanted && had) {
        await deleteMembership(tx, team.id, user.id);
      }
      if (wanted !== had) {
        await recordAudit(
          tx,
          clock,
          SYSTEM_ACTOR,
          'team.member_sync',
          { type: 'team', id: team.id, name: team.slug, teamId: team.id },
          had ? { userId: user.id, role: had } : null,
          wanted ? { userId: user.id, role: wanted } : null,
        );
      }
    }
    await recordSignIn(tx, user.id, now);
    return user;
  });
}

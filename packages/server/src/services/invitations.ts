import {
  toIssues,
  type Invitation,
  type InviteMemberInput,
  inviteMemberSchema,
  type MyInvitation,
  type Team,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import { type Db, UniqueViolation } from '../store/db.js';
import {
  closeInvitation,
  findInvitation,
  findPendingInvitation,
  insertInvitation,
  type InvitationRow,
  type InvitationWithTeam,
  pendingInvitationsFor,
  pendingInvitationsOfTeam,
  refreshInvitation,
} from '../store/repos/invitations.js';
import {
  findUserById,
  memberByEmail,
  membershipsOf,
  type TeamRow,
  upsertMembership,
  type UserRow,
} from '../store/repos/people.js';
import type { Actor, TeamRole } from './actor.js';
import { recordAudit } from './audit.js';
import { isMember, isOwner, requireScope } from './authz.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { requireTeam } from './teams.js';
import { iso } from './views.js';

/** Long enough to cover a holiday, short enough that a forgotten invitation does not linger. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

const target = (team: Pick<TeamRow, 'id' | 'slug'>) => ({
  type: 'team',
  id: team.id,
  name: team.slug,
  teamId: team.id,
});

function invitationView(row: InvitationRow): Invitation {
  return {
    id: row.id,
    teamId: row.team_id,
    email: row.email,
    role: row.role,
    status: row.status,
    invitedBy: { id: row.invited_by, name: row.invited_by_name },
    createdAt: iso(Number(row.created_at)),
    expiresAt: iso(Number(row.expires_at)),
  };
}

function myInvitationView(row: InvitationWithTeam): MyInvitation {
  return {
    id: row.id,
    team: { id: row.team_id, slug: row.team_slug, name: row.team_name },
    role: row.role,
    invitedBy: { name: row.invited_by_name },
    createdAt: iso(Number(row.created_at)),
    expiresAt: iso(Number(row.expires_at)),
  };
}

/**
 * Owners (and platform admins) invite; a team's own machine client may invite too, but only
 * to a role it holds itself. Nobody hands out more than they have.
 */
function requireInviter(actor: Actor, team: TeamRow, role: TeamRole | null): void {
  if (isOwner(actor, team.id)) return;
  if (actor.type === 'client' && actor.teams.has(team.id)) {
    if (role === 'owner' && actor.teams.get(team.id) !== 'owner') {
      throw new ForbiddenError(`a client of team "${team.slug}" may invite members, not owners`);
    }
    return;
  }
  throw new ForbiddenError(`only owners of team "${team.slug}" may invite people or revoke invitations`);
}

/**
 * Joining a team takes the invitee's consent: an owner invites an email with a role, and the
 * person who signs in with that email accepts or declines. The answer to an invitation is
 * the same whether or not anyone has that email, so inviting is no way to probe for accounts.
 */
export class InvitationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async invite(idOrSlug: string, input: InviteMemberInput, actor: Actor): Promise<Invitation> {
    requireScope(actor, 'teams:write');
    const parsed = inviteMemberSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const attempt = () => this.db.transaction((tx) => this.inviteIn(tx, idOrSlug, parsed.data, actor));
    try {
      return await attempt();
    } catch (error) {
      // Two invitations of one email at once: the loser refreshes the winner's.
      if (error instanceof UniqueViolation) return attempt();
      throw error;
    }
  }

  private async inviteIn(
    tx: Db,
    idOrSlug: string,
    value: { email: string; role: TeamRole },
    actor: Actor,
  ): Promise<Invitation> {
    const team = await requireTeam(tx, idOrSlug);
    requireInviter(actor, team, value.role);
    // Only people who already see the team's member emails get here, so this tells them nothing new.
    if (await memberByEmail(tx, team.id, value.email)) {
      throw new ConflictError(`${value.email} is already a member of team "${team.slug}"`);
    }
    const now = this.clock.now();
    const fields = {
      role: value.role,
      invited_by: actor.id,
      invited_by_name: await displayName(tx, actor),
      created_at: now,
      expires_at: now + INVITATION_TTL_MS,
    };
    const existing = await findPendingInvitation(tx, team.id, value.email);
    if (existing && (await refreshInvitation(tx, existing.id, fields))) {
      const row: InvitationRow = { ...existing, ...fields };
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.invitation_refresh',
        target(team),
        { invitationId: existing.id, email: existing.email, role: existing.role },
        { invitationId: row.id, email: row.email, role: row.role, expiresAt: iso(row.expires_at) },
      );
      return invitationView(row);
    }
    const row: InvitationRow = {
      id: randomId('inv_', 10),
      team_id: team.id,
      email: value.email,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      ...fields,
    };
    await insertInvitation(tx, row);
    await recordAudit(tx, this.clock, actor, 'team.invitation_create', target(team), null, {
      invitationId: row.id,
      email: row.email,
      role: row.role,
      expiresAt: iso(row.expires_at),
    });
    return invitationView(row);
  }

  /** A team's pending invitations: its members and platform admins may look. */
  async listForTeam(idOrSlug: string, actor: Actor): Promise<Invitation[]> {
    requireScope(actor, 'teams:read');
    const team = await requireTeam(this.db, idOrSlug);
    if (!isMember(actor, team.id)) {
      throw new ForbiddenError(`only members of team "${team.slug}" see its invitations`);
    }
    return (await pendingInvitationsOfTeam(this.db, team.id, this.clock.now())).map(invitationView);
  }

  async revoke(idOrSlug: string, invitationId: string, actor: Actor): Promise<void> {
    requireScope(actor, 'teams:write');
    await this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, idOrSlug);
      requireInviter(actor, team, null);
      const row = await findInvitation(tx, invitationId);
      const now = this.clock.now();
      if (!row || !(await closeInvitation(tx, invitationId, 'revoked', actor.id, now, { teamId: team.id }))) {
        throw new NotFoundError(`no pending invitation "${invitationId}" in team "${team.slug}"`);
      }
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.invitation_revoke',
        target(team),
        { invitationId: row.id, email: row.email, role: row.role },
        null,
      );
    });
  }

  /** The signed-in person's pending invitations, matched by the email of their account. */
  async mine(actor: Actor): Promise<MyInvitation[]> {
    const user = await this.invitee(this.db, actor);
    return (await pendingInvitationsFor(this.db, user.email, this.clock.now())).map(myInvitationView);
  }

  /** Joins the team with the invited role; an existing owner stays owner. */
  async accept(invitationId: string, actor: Actor): Promise<Team> {
    return this.db.transaction(async (tx) => {
      const { user, row, now } = await this.close(tx, invitationId, 'accepted', actor);
      const had = (await membershipsOf(tx, user.id)).find((m) => m.team_id === row.team_id);
      const role: TeamRole = had?.role === 'owner' ? 'owner' : row.role;
      await upsertMembership(tx, { team_id: row.team_id, user_id: user.id, role, created_at: now });
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.invitation_accept',
        target({ id: row.team_id, slug: row.team_slug }),
        had ? { userId: user.id, role: had.role } : null,
        { invitationId: row.id, userId: user.id, email: user.email, role },
      );
      const team = await requireTeam(tx, row.team_id);
      return {
        id: team.id,
        slug: team.slug,
        name: team.name,
        description: team.description,
        myRole: role,
        createdAt: iso(Number(team.created_at)),
      };
    });
  }

  async decline(invitationId: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { user, row } = await this.close(tx, invitationId, 'declined', actor);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.invitation_decline',
        target({ id: row.team_id, slug: row.team_slug }),
        { invitationId: row.id, userId: user.id, email: user.email, role: row.role },
        null,
      );
    });
  }

  /**
   * Ends one of the actor's own live invitations. Someone else's invitation, a used one and
   * an expired one all get the same answer, so invitation ids cannot be probed.
   */
  private async close(
    tx: Db,
    invitationId: string,
    status: 'accepted' | 'declined',
    actor: Actor,
  ): Promise<{ user: UserRow; row: InvitationWithTeam; now: number }> {
    const user = await this.invitee(tx, actor);
    const now = this.clock.now();
    const row = await findInvitation(tx, invitationId);
    const closed =
      row !== undefined &&
      (await closeInvitation(tx, invitationId, status, user.id, now, { email: user.email, liveAt: now }));
    if (!row || !closed) throw new NotFoundError(`no pending invitation "${invitationId}" for you`);
    return { user, row, now };
  }

  private async invitee(db: Db, actor: Actor): Promise<UserRow> {
    const user = actor.type === 'user' && actor.id !== null ? await findUserById(db, actor.id) : undefined;
    if (!user) throw new ForbiddenError('invitations are for people; sign in to see yours');
    return user;
  }
}

/** Invitees see who asked by name: a person's email is not theirs to learn before they join. */
async function displayName(db: Db, actor: Actor): Promise<string> {
  if (actor.type === 'cli') return 'the Gatehouse operator';
  if (actor.type !== 'user' || actor.id === null) return actor.name;
  return (await findUserById(db, actor.id))?.name ?? 'a former member';
}

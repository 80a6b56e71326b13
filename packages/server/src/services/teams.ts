import {
  addMemberSchema,
  changeRoleSchema,
  type CreateTeamInput,
  createTeamSchema,
  toIssues,
  type Member,
  type Team,
  type TeamDetail,
  type UpdateTeamInput,
  updateTeamSchema,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { randomId } from '../crypto/secrets.js';
import { type Db, UniqueViolation } from '../store/db.js';
import {
  deleteMembership,
  findTeam,
  findUserByEmail,
  insertTeam,
  listTeams,
  membersOf,
  type TeamRow,
  upsertMembership,
} from '../store/repos/people.js';
import { deleteTeam, lockTeam, teamHoldings, updateTeam } from '../store/repos/teams.js';
import { describeHoldings } from './team-holdings.js';
import type { Actor, TeamRole } from './actor.js';
import { recordAudit } from './audit.js';
import { requireOwner, requireScope } from './authz.js';
import { emailsVisibleTo } from './email-visibility.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { iso } from './views.js';

export async function requireTeam(db: Db, idOrSlug: string): Promise<TeamRow> {
  const team = await findTeam(db, idOrSlug);
  if (!team) throw new NotFoundError(`no team "${idOrSlug}"`);
  return team;
}

function teamView(row: TeamRow, actor: Actor): Team {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    myRole: actor.teams.get(row.id) ?? null,
    createdAt: iso(row.created_at),
  };
}

const target = (row: TeamRow) => ({ type: 'team', id: row.id, name: row.slug, teamId: row.id });

/** Teams own resource servers and clients; owners manage membership, members manage what the team owns. */
export class TeamService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Team names are not secret: everyone signed in sees the list, with their own role marked. */
  async list(actor: Actor): Promise<Team[]> {
    requireScope(actor, 'teams:read');
    return (await listTeams(this.db)).map((row) => teamView(row, actor));
  }

  async get(idOrSlug: string, actor: Actor): Promise<TeamDetail> {
    requireScope(actor, 'teams:read');
    const row = await requireTeam(this.db, idOrSlug);
    const rows = await membersOf(this.db, row.id);
    const visible = await emailsVisibleTo(
      this.db,
      actor,
      rows.map((m) => m.id),
    );
    const members: Member[] = rows.map((m) => ({
      userId: m.id,
      email: visible(m.id) ? m.email : null,
      name: m.name,
      role: m.role,
      since: iso(m.since),
    }));
    return { ...teamView(row, actor), members };
  }

  /** Anyone signed in may start a team and becomes its first owner: teams are how people serve themselves. */
  async create(input: CreateTeamInput, actor: Actor): Promise<Team> {
    requireScope(actor, 'teams:write');
    const parsed = createTeamSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const now = this.clock.now();
    const row: TeamRow = { id: randomId('team_', 10), ...parsed.data, created_at: now, updated_at: now };
    try {
      await this.db.transaction(async (tx) => {
        await insertTeam(tx, row);
        if (actor.type === 'user' && actor.id !== null) {
          await upsertMembership(tx, { team_id: row.id, user_id: actor.id, role: 'owner', created_at: now });
        }
        await recordAudit(tx, this.clock, actor, 'team.create', target(row), null, parsed.data);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw new ConflictError(`a team "${row.slug}" already exists`);
      throw error;
    }
    const teams = new Map(actor.teams);
    if (actor.type === 'user') teams.set(row.id, 'owner');
    return teamView(row, { ...actor, teams });
  }

  /** Owners and platform admins rename a team; its slug stays (see updateTeamSchema). */
  async update(idOrSlug: string, input: UpdateTeamInput, actor: Actor): Promise<Team> {
    requireScope(actor, 'teams:write');
    const parsed = updateTeamSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, idOrSlug);
      requireOwner(actor, team.id, `team "${team.slug}"`);
      const next: TeamRow = {
        ...team,
        name: parsed.data.name ?? team.name,
        description: parsed.data.description ?? team.description,
        updated_at: this.clock.now(),
      };
      await updateTeam(tx, next);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.update',
        target(team),
        { name: team.name, description: team.description },
        { name: next.name, description: next.description },
      );
      return teamView(next, actor);
    });
  }

  /**
   * Deletes a team that owns nothing: no APIs, clients, user pools or access keys. Those carry
   * tokens, credentials and people, so they are moved or deleted on purpose first, never
   * orphaned by a cascade. Memberships and pending invitations go with the team; its audit
   * history stays.
   */
  async delete(idOrSlug: string, actor: Actor): Promise<{ deleted: string }> {
    requireScope(actor, 'teams:write');
    return this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, idOrSlug);
      requireOwner(actor, team.id, `team "${team.slug}"`);
      await lockTeam(tx, team.id);
      const holdings = await teamHoldings(tx, team.id);
      const left = describeHoldings(holdings);
      if (left !== '') {
        throw new ConflictError(
          `team "${team.slug}" still owns ${left}; move them to another team or delete them first`,
        );
      }
      const members = await membersOf(tx, team.id);
      await deleteTeam(tx, team.id);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.delete',
        target(team),
        {
          slug: team.slug,
          name: team.name,
          description: team.description,
          members: members.map((m) => ({ userId: m.id, role: m.role })),
        },
        null,
      );
      return { deleted: team.slug };
    });
  }

  /**
   * The operator's break-glass: adds someone without asking them. Everyone else invites
   * (InvitationService), so that joining a team takes the person's consent; single sign-on
   * changes memberships through its own group mapping, where the directory is the consent.
   */
  async addMember(
    idOrSlug: string,
    input: { email: string; role?: TeamRole },
    actor: Actor,
  ): Promise<Member> {
    if (actor.type !== 'cli') {
      throw new ForbiddenError('people join a team by accepting an invitation; invite them instead');
    }
    const parsed = addMemberSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, idOrSlug);
      requireOwner(actor, team.id, `team "${team.slug}"`);
      const user = await findUserByEmail(tx, parsed.data.email);
      if (!user) {
        throw new NotFoundError(
          `no user "${parsed.data.email}"; people appear here after their first sign-in, or an admin creates them`,
        );
      }
      const now = this.clock.now();
      await upsertMembership(tx, {
        team_id: team.id,
        user_id: user.id,
        role: parsed.data.role,
        created_at: now,
      });
      await recordAudit(tx, this.clock, actor, 'team.member_add', target(team), null, {
        userId: user.id,
        email: user.email,
        role: parsed.data.role,
      });
      return { userId: user.id, email: user.email, name: user.name, role: parsed.data.role, since: iso(now) };
    });
  }

  async changeRole(idOrSlug: string, userId: string, input: { role: TeamRole }, actor: Actor) {
    requireScope(actor, 'teams:write');
    const parsed = changeRoleSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    return this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, idOrSlug);
      requireOwner(actor, team.id, `team "${team.slug}"`);
      const members = await membersOf(tx, team.id);
      const member = members.find((m) => m.id === userId);
      if (!member) throw new NotFoundError(`no member "${userId}" in team "${team.slug}"`);
      if (member.role === 'owner' && parsed.data.role !== 'owner') assertAnotherOwner(members, userId, team);
      await upsertMembership(tx, {
        team_id: team.id,
        user_id: userId,
        role: parsed.data.role,
        created_at: member.since,
      });
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.member_role',
        target(team),
        { userId, role: member.role },
        {
          userId,
          role: parsed.data.role,
        },
      );
      return {
        userId,
        email: member.email,
        name: member.name,
        role: parsed.data.role,
        since: iso(member.since),
      };
    });
  }

  async removeMember(idOrSlug: string, userId: string, actor: Actor): Promise<void> {
    requireScope(actor, 'teams:write');
    await this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, idOrSlug);
      // Leaving a team is always allowed; removing someone else needs an owner.
      if (actor.id !== userId) requireOwner(actor, team.id, `team "${team.slug}"`);
      const members = await membersOf(tx, team.id);
      const member = members.find((m) => m.id === userId);
      if (!member) throw new NotFoundError(`no member "${userId}" in team "${team.slug}"`);
      if (member.role === 'owner') assertAnotherOwner(members, userId, team);
      await deleteMembership(tx, team.id, userId);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'team.member_remove',
        target(team),
        { userId, email: member.email, role: member.role },
        null,
      );
    });
  }
}

/** A team without an owner could never change its membership again. */
function assertAnotherOwner(members: { id: string; role: TeamRole }[], leaving: string, team: TeamRow): void {
  if (!members.some((m) => m.role === 'owner' && m.id !== leaving)) {
    throw new ConflictError(`team "${team.slug}" needs at least one owner; make someone else owner first`);
  }
}

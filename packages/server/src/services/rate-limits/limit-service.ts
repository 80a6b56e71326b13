import {
  type ClientLimits,
  type PlatformLimits,
  type RateLimit,
  rateLimitSchema,
  type TeamLimits,
  toIssues,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import { recordChange } from '../../store/repos/changes.js';
import { findClient } from '../../store/repos/clients.js';
import {
  clientRateLimits,
  issuedOn,
  platformRateLimits,
  setClientRateLimits,
  setPlatformRateLimits,
  setTeamRateLimits,
  teamClientLimits,
  teamRateLimits,
} from '../../store/repos/rate-limits.js';
import { utcDay } from '../../store/repos/usage.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { isMember, requireAdmin, requireMember, requireScope } from '../authz.js';
import { clientTarget } from '../client-records.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { requireTeam } from '../teams.js';
import { checkWithinCeiling } from './limit-ceiling.js';
import { effectiveLimit, parseStoredLimit, storedLimit } from './limit-layers.js';

/**
 * Setting and showing rate limits. A client's own limits are its team's business within what the
 * platform gives: team members may set them no higher than the limit the client would otherwise
 * have (its team's, then the platform's), and may not switch an enforced limit to observe mode.
 * Raising them, and the team and platform defaults, are capacity decisions for platform admins.
 * Every change is audited with before and after, and reaches every instance through the change log.
 */
export class LimitService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async forClient(clientId: string, actor: Actor): Promise<ClientLimits> {
    requireScope(actor, 'clients:read');
    return this.clientView(this.db, clientId, actor);
  }

  /** Replaces the client's own limits (parts left out are inherited). */
  async setClient(clientId: string, input: RateLimit, actor: Actor): Promise<ClientLimits> {
    requireScope(actor, 'clients:write');
    const limit = parse(input);
    return this.db.transaction(async (tx) => {
      const row = await findClient(tx, clientId);
      if (!row) throw new NotFoundError(`no client "${clientId}"`);
      requireMember(actor, row.team_id, `client "${clientId}"`);
      const before = parseStoredLimit(row.rate_limits ?? null);
      if (!actor.isAdmin) {
        const inherited = effectiveLimit({
          client: {},
          team: row.team_id === null ? null : parseStoredLimit(await teamRateLimits(tx, row.team_id)),
          platform: parseStoredLimit(await platformRateLimits(tx)),
        });
        checkWithinCeiling(limit, inherited);
      }
      const now = this.clock.now();
      await setClientRateLimits(tx, clientId, storedLimit(limit), now);
      await recordChange(tx, 'client', clientId, now);
      await recordAudit(tx, this.clock, actor, 'client.limits.update', clientTarget(row), before, limit);
      return this.clientView(tx, clientId, actor);
    });
  }

  async forTeam(teamId: string, actor: Actor): Promise<TeamLimits> {
    requireScope(actor, 'teams:read');
    const team = await requireTeam(this.db, teamId);
    requireMember(actor, team.id, `team "${teamId}"`);
    return this.teamView(this.db, team.id, actor);
  }

  async setTeam(teamId: string, input: RateLimit, actor: Actor): Promise<TeamLimits> {
    requireScope(actor, 'teams:write');
    requireAdmin(actor, "set a team's rate limits");
    const limit = parse(input);
    return this.db.transaction(async (tx) => {
      const team = await requireTeam(tx, teamId);
      const before = parseStoredLimit(await teamRateLimits(tx, team.id));
      const now = this.clock.now();
      await setTeamRateLimits(tx, team.id, storedLimit(limit), now);
      await recordChange(tx, 'rate_limits', team.id, now);
      const target = { type: 'team', id: team.id, name: team.name, teamId: team.id };
      await recordAudit(tx, this.clock, actor, 'team.limits.update', target, before, limit);
      return this.teamView(tx, team.id, actor);
    });
  }

  async forPlatform(actor: Actor): Promise<PlatformLimits> {
    requireScope(actor, 'clients:read');
    return { own: parseStoredLimit(await platformRateLimits(this.db)), canEdit: actor.isAdmin };
  }

  async setPlatform(input: RateLimit, actor: Actor): Promise<PlatformLimits> {
    requireScope(actor, 'clients:write');
    requireAdmin(actor, 'set the platform default rate limits');
    const limit = parse(input);
    return this.db.transaction(async (tx) => {
      const before = parseStoredLimit(await platformRateLimits(tx));
      await setPlatformRateLimits(tx, storedLimit(limit));
      await recordChange(tx, 'rate_limits', 'platform', this.clock.now());
      const target = { type: 'platform', id: 'platform', teamId: null };
      await recordAudit(tx, this.clock, actor, 'platform.limits.update', target, before, limit);
      return { own: limit, canEdit: true };
    });
  }

  private async clientView(db: Db, clientId: string, actor: Actor): Promise<ClientLimits> {
    const row = await findClient(db, clientId);
    if (!row) throw new NotFoundError(`no client "${clientId}"`);
    requireMember(actor, row.team_id, `client "${clientId}"`);
    const own = parseStoredLimit(await clientRateLimits(db, clientId));
    const team = row.team_id === null ? null : parseStoredLimit(await teamRateLimits(db, row.team_id));
    const platform = parseStoredLimit(await platformRateLimits(db));
    const day = utcDay(this.clock.now());
    return {
      clientId,
      teamId: row.team_id,
      own,
      team,
      platform,
      effective: effectiveLimit({ client: own, team, platform }),
      usage: { day, issued: await issuedOn(db, clientId, day) },
      canEdit: actor.scopes === null || actor.scopes.has('clients:write'),
    };
  }

  private async teamView(db: Db, teamId: string, actor: Actor): Promise<TeamLimits> {
    const own = parseStoredLimit(await teamRateLimits(db, teamId));
    const platform = parseStoredLimit(await platformRateLimits(db));
    const day = utcDay(this.clock.now());
    const clients = await teamClientLimits(db, teamId, day);
    return {
      teamId,
      own,
      platform,
      clients: clients.map((c) => ({
        clientId: c.client_id,
        name: c.name,
        effective: effectiveLimit({ client: parseStoredLimit(c.rate_limits), team: own, platform }),
        usage: { day, issued: Number(c.tokens ?? 0) },
      })),
      canEdit: actor.isAdmin && isMember(actor, teamId),
    };
  }
}

function parse(input: RateLimit): RateLimit {
  const parsed = rateLimitSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
  return parsed.data;
}

import { customIssue } from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { type AuditRow, insertAuditEvent, queryAuditEvents } from '../store/repos/audit.js';
import type { Actor } from './actor.js';
import { auditForReader } from './audit-privacy.js';
import { requireScope } from './authz.js';
import { ValidationError } from './errors.js';
import { iso } from './views.js';

export interface AuditTarget {
  type: string;
  id: string;
  name?: string | undefined;
  teamId: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { type: Actor['type']; id: string | null; name: string };
  action: string;
  target: { type: string; id: string; name?: string };
  teamId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  team?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** Field names whose values never enter the audit log, whatever object they sit in. */
const SECRET_FIELDS = new Set(['secret', 'password', 'passwordHash', 'hash', 'token', 'clientSecret']);

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELDS.has(k) ? '[redacted]' : scrub(v);
    return out;
  }
  return value;
}

/**
 * Records a change in the same transaction as the change itself, so the log and the
 * registry never disagree. Before and after are views, scrubbed of anything secret.
 */
export async function recordAudit(
  tx: Db,
  clock: Clock,
  actor: Actor,
  action: string,
  target: AuditTarget,
  before: unknown,
  after: unknown,
): Promise<void> {
  await insertAuditEvent(tx, {
    at: clock.now(),
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    action,
    target_type: target.type,
    target_id: target.id,
    target_name: target.name ?? null,
    team_id: target.teamId,
    before_json: before === null || before === undefined ? null : JSON.stringify(scrub(before)),
    after_json: after === null || after === undefined ? null : JSON.stringify(scrub(after)),
    ip: actor.ip,
    user_agent: actor.userAgent,
  });
}

export function auditView(row: AuditRow): AuditEvent {
  return {
    id: String(row.seq),
    at: iso(Number(row.at)),
    actor: { type: row.actor_type as Actor['type'], id: row.actor_id, name: row.actor_name },
    action: row.action,
    target: {
      type: row.target_type,
      id: row.target_id,
      ...(row.target_name !== null ? { name: row.target_name } : {}),
    },
    teamId: row.team_id,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/** The `seq` a cursor names; anything else (or a number past what a BIGINT holds) is refused. */
function parseCursor(cursor: string): number {
  const seq = /^\d{1,16}$/.test(cursor) ? Number(cursor) : NaN;
  if (!(seq <= Number.MAX_SAFE_INTEGER)) {
    throw new ValidationError([
      customIssue('cursor', 'is not a cursor from this API: pass nextCursor from the previous page as it is'),
    ]);
  }
  return seq;
}

/** Reads the log: admins see everything, members see the events of their teams (see auditForReader). */
export class AuditService {
  constructor(private readonly db: Db) {}

  async list(
    actor: Actor,
    filter: AuditFilter,
  ): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    requireScope(actor, 'audit:read');
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
    let teamIds: string[] | undefined;
    // A client no team owns reads every team's events, but not those about what no team owns.
    const teamOwned = !actor.isAdmin && actor.everyTeam;
    if (!actor.isAdmin && !actor.everyTeam) {
      teamIds = [...actor.teams.keys()];
      if (filter.team) teamIds = teamIds.filter((t) => t === filter.team);
    } else if (filter.team) teamIds = [filter.team];
    const before = filter.cursor === undefined ? undefined : parseCursor(filter.cursor);
    const rows = await queryAuditEvents(this.db, {
      actor: filter.actor,
      action: filter.action,
      targetType: filter.targetType,
      targetId: filter.targetId,
      teamIds,
      teamOwned,
      since: filter.since,
      until: filter.until,
      before,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      events: await auditForReader(this.db, actor, page.map(auditView), filter.actor),
      nextCursor: rows.length > limit ? String(page.at(-1)?.seq) : null,
    };
  }
}

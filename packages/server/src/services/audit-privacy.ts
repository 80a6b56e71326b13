import type { Db } from '../store/db.js';
import { userNames } from '../store/repos/people.js';
import type { Actor } from './actor.js';
import type { AuditEvent } from './audit.js';
import { emailsVisibleTo } from './email-visibility.js';

function collectUserIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectUserIds(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'userId' && typeof v === 'string') into.add(v);
      else collectUserIds(v, into);
    }
  }
}

/**
 * Drops `email` beside a `userId` the reader may not see. An invitation's email stays: the
 * reader is a member of the inviting team, which sees its own invitations anyway.
 */
function hideEmails(value: unknown, visible: (userId: string | null) => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => hideEmails(v, visible));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keep =
    !('email' in record) ||
    'invitationId' in record ||
    (typeof record.userId === 'string' && visible(record.userId));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === 'email' && !keep) continue;
    out[k] = hideEmails(v, visible);
  }
  return out;
}

/**
 * The audit log as a reader who is not a platform admin may see it: people outside the
 * reader's teams appear by name, never by email (a person acting is recorded by email).
 * With an `actor` filter, an event whose actor is hidden is kept only when the filter named
 * the actor's id, so the filter cannot confirm a guessed email either.
 */
export async function auditForReader(
  db: Db,
  reader: Actor,
  events: AuditEvent[],
  actorFilter: string | undefined,
): Promise<AuditEvent[]> {
  if (reader.isAdmin) return events;
  const people = new Set<string>();
  for (const e of events) {
    if (e.actor.type === 'user' && e.actor.id !== null) people.add(e.actor.id);
    collectUserIds(e.before, people);
    collectUserIds(e.after, people);
  }
  const visible = await emailsVisibleTo(db, reader, people);
  const names = await userNames(
    db,
    [...people].filter((id) => !visible(id)),
  );
  const out: AuditEvent[] = [];
  for (const e of events) {
    const hidden = e.actor.type === 'user' && !visible(e.actor.id);
    if (hidden && actorFilter !== undefined && actorFilter !== '' && actorFilter !== e.actor.id) continue;
    out.push({
      ...e,
      actor: hidden ? { ...e.actor, name: names.get(e.actor.id ?? '') ?? 'a former user' } : e.actor,
      before: hideEmails(e.before, visible),
      after: hideEmails(e.after, visible),
    });
  }
  return out;
}

import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { closeInvitation, listOverdueInvitations } from '../store/repos/invitations.js';
import { SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';

/**
 * Marks invitations whose time is up. Nobody can accept one after its expiry anyway (the
 * accept checks the time itself); this sweep makes the store and the audit log say so.
 */
export async function sweepExpiredInvitations(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  let expired = 0;
  for (const row of await listOverdueInvitations(db, now)) {
    await db.transaction(async (tx) => {
      if (!(await closeInvitation(tx, row.id, 'expired', null, now, { overdueAt: now }))) return;
      expired += 1;
      await recordAudit(
        tx,
        clock,
        SYSTEM_ACTOR,
        'team.invitation_expire',
        { type: 'team', id: row.team_id, name: row.team_slug, teamId: row.team_id },
        { invitationId: row.id, email: row.email, role: row.role },
        null,
      );
    });
  }
  return expired;
}

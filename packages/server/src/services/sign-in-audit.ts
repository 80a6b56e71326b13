import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import type { UserRow } from '../store/repos/people.js';
import { SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';
import type { RequestOrigin } from './sessions.js';
import type { Ticket } from './sign-in-guard.js';

/**
 * Audits a refused portal sign-in: `sign_in.failed` for every wrong password, and
 * `sign_in.locked` for each counter this attempt locked, the account's or the address's. An
 * email that names no account is recorded as `unknown`, never as typed (people type passwords
 * into the email field), and costs the same write, so timing does not tell the two apart.
 * Gatehouse itself records them, with the address the attempt came from. Only attempts the
 * lockout let through get here, so a flood against a lock writes nothing.
 */
export async function auditRefusedSignIn(
  db: Db,
  clock: Clock,
  origin: Pick<RequestOrigin, 'ip'> & Partial<Pick<RequestOrigin, 'userAgent'>>,
  user: UserRow | undefined,
  ticket: Ticket,
): Promise<void> {
  const now = clock.now();
  const actor = { ...SYSTEM_ACTOR, ip: origin.ip, userAgent: origin.userAgent ?? null };
  const account = user
    ? { type: 'user', id: user.id, name: user.email, teamId: null }
    : { type: 'user', id: 'unknown', teamId: null };
  await db.transaction(async (tx) => {
    const reason = user ? 'wrong_password' : 'unknown_account';
    await recordAudit(tx, clock, actor, 'sign_in.failed', account, null, { reason });
    if (ticket.accountLock !== null && ticket.accountLock > now) {
      const after = { lockedUntil: new Date(ticket.accountLock).toISOString(), counter: 'account' };
      await recordAudit(tx, clock, actor, 'sign_in.locked', account, null, after);
    }
    if (ticket.addressLock !== null && ticket.addressLock > now && origin.ip !== null) {
      const after = { lockedUntil: new Date(ticket.addressLock).toISOString(), counter: 'address' };
      await recordAudit(
        tx,
        clock,
        actor,
        'sign_in.locked',
        { type: 'address', id: origin.ip, teamId: null },
        null,
        after,
      );
    }
  });
}

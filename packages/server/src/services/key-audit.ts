import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import type { SigningKeyRow } from '../store/repos/rows.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { iso } from './views.js';

/** What a signing key's lifecycle writes to the audit log: never key material, public or private. */
export type KeyAuditAction = 'key.prepublish' | 'key.activate' | 'key.retire' | 'key.delete';

function view(row: Pick<SigningKeyRow, 'kid' | 'alg' | 'state' | 'publish_until'>): Record<string, unknown> {
  return {
    kid: row.kid,
    alg: row.alg,
    state: row.state,
    ...(row.publish_until === null ? {} : { publishUntil: iso(row.publish_until) }),
  };
}

/**
 * One audit entry per key that changed state, in the transaction that changed it. Keys belong
 * to no team: platform admins read these.
 */
export async function auditKey(
  tx: Db,
  clock: Clock,
  actor: Actor,
  action: KeyAuditAction,
  before: Pick<SigningKeyRow, 'kid' | 'alg' | 'state' | 'publish_until'> | null,
  after: Pick<SigningKeyRow, 'kid' | 'alg' | 'state' | 'publish_until'> | null,
): Promise<void> {
  const key = (after ?? before) as Pick<SigningKeyRow, 'kid' | 'alg'>;
  await recordAudit(
    tx,
    clock,
    actor,
    action,
    { type: 'signing_key', id: key.kid, name: key.alg, teamId: null },
    before === null ? null : view(before),
    after === null ? null : view(after),
  );
}

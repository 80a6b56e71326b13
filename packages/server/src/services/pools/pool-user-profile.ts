import { type PoolUser, toIssues, type UpdatePoolUserInput, updatePoolUserSchema } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import { groupsOfUser } from '../../store/repos/pool-groups.js';
import { type PoolUserRow, updatePoolUserProfile } from '../../store/repos/pool-users.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { loadPool, poolTarget, requirePool } from './pool-access.js';
import { emailKey, requirePoolUser } from './pool-user-lookup.js';
import { requireAttributes, requireFreeNames } from './pool-user-rules.js';
import { poolUserView } from './pool-views.js';

/**
 * Changes a user's email and attributes (Cognito's AdminUpdateUserAttributes). An attribute set
 * to '' is removed; a new email is unverified unless the change says otherwise. The result must
 * still have what the pool requires.
 */
export async function changePoolUserProfile(
  db: Db,
  clock: Clock,
  poolId: string,
  ref: string,
  input: UpdatePoolUserInput,
  actor: Actor,
  /** The person changes their own profile (Cognito's UpdateUserAttributes): no admin rights needed. */
  own = false,
): Promise<PoolUser> {
  const parsed = updatePoolUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
  const change = parsed.data;
  return db.transaction(async (tx) => {
    const pool = own ? await loadPool(tx, poolId) : await requirePool(tx, poolId, actor, 'write');
    if (!pool) throw new NotFoundError(`no user pool "${poolId}"`);
    const row = await requirePoolUser(tx, pool.row.id, ref);
    const attributes: Record<string, string> = { ...(JSON.parse(row.attributes) as Record<string, string>) };
    for (const [name, value] of Object.entries(change.attributes ?? {})) {
      if (value === '') delete attributes[name];
      else attributes[name] = value;
    }
    const email = change.email === undefined ? row.email : change.email;
    const emailChanged = email !== row.email;
    const verified = change.emailVerified ?? (emailChanged ? false : row.email_verified === 1);
    requireAttributes(pool.settings, email, attributes);
    if (emailChanged) await requireFreeNames(tx, pool.settings, pool.row.id, { ...row, email });
    const next: PoolUserRow = {
      ...row,
      email,
      email_key: email === null ? null : emailKey(email),
      email_verified: verified && email !== null ? 1 : 0,
      attributes: JSON.stringify(attributes),
      updated_at: clock.now(),
    };
    await updatePoolUserProfile(tx, next);
    const groups = await groupsOfUser(tx, row.sub);
    const after = poolUserView(next, groups);
    const target = poolTarget(pool.row, 'pool_user', row.sub, row.username);
    await recordAudit(tx, clock, actor, 'pool_user.update', target, poolUserView(row, groups), after);
    return after;
  });
}

import {
  type PoolUser,
  type SetPoolUserPasswordInput,
  setPoolUserPasswordSchema,
  toIssues,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import { groupsOfUser } from '../../store/repos/pool-groups.js';
import { revokePoolRefreshTokensOf } from '../../store/repos/pool-refresh-tokens.js';
import { deletePoolSessionsOf } from '../../store/repos/pool-sessions.js';
import {
  confirmPoolUser,
  findPoolUser,
  type PoolUserRow,
  setPoolUserEnabled,
  setPoolUserPassword,
} from '../../store/repos/pool-users.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { loadPool, type PoolRecord, poolTarget, requirePool } from './pool-access.js';
import { type PoolPasswords, requireGoodPassword } from './pool-passwords.js';
import { requirePoolUser } from './pool-user-lookup.js';
import type { UserCodeService } from './user-codes.js';
import { poolUserView } from './pool-views.js';

export interface SignOutResult {
  sessionsEnded: number;
  refreshTokensRevoked: number;
}

const notUnconfirmed = (row: PoolUserRow) =>
  new ConflictError(`user "${row.username}" is ${row.status}, not UNCONFIRMED`);

type Change = (tx: Db, pool: PoolRecord, row: PoolUserRow, now: number) => Promise<void>;

/** Ends what a user holds: their sessions, and every refresh token (so no new access token either). */
export async function endEverything(
  tx: Db,
  poolId: string,
  sub: string,
  now: number,
): Promise<SignOutResult> {
  return {
    sessionsEnded: await deletePoolSessionsOf(tx, poolId, sub),
    refreshTokensRevoked: await revokePoolRefreshTokensOf(tx, poolId, sub, now),
  };
}

/** The status and access changes an admin makes to a pool user, each in one transaction, audited. */
export class PoolUserStates {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly passwords: PoolPasswords,
    private readonly codes: UserCodeService,
  ) {}

  /**
   * A person confirms their sign-up with the code they were sent: CONFIRMED, and their email
   * verified, since the code reached it. The code is checked before anything changes.
   */
  async confirmWithCode(poolId: string, ref: string, code: string, actor: Actor): Promise<PoolUser> {
    const pool = await loadPool(this.db, poolId);
    if (!pool) throw new NotFoundError(`no user pool "${poolId}"`);
    const user = await requirePoolUser(this.db, pool.row.id, ref);
    if (user.status !== 'UNCONFIRMED') throw notUnconfirmed(user);
    await this.codes.spend(user.sub, 'confirm_sign_up', code);
    return this.db.transaction(async (tx) => {
      const row = await requirePoolUser(tx, pool.row.id, user.sub);
      if (!(await confirmPoolUser(tx, row.sub, this.clock.now(), true))) throw notUnconfirmed(row);
      const after = (await findPoolUser(tx, pool.row.id, row.sub)) ?? row;
      const groups = await groupsOfUser(tx, row.sub);
      const view = poolUserView(after, groups);
      const target = poolTarget(pool.row, 'pool_user', row.sub, row.username);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'pool_user.confirm_sign_up',
        target,
        poolUserView(row, groups),
        view,
      );
      return view;
    });
  }

  confirm(poolId: string, ref: string, actor: Actor): Promise<PoolUser> {
    return this.change(poolId, ref, actor, 'pool_user.confirm', async (tx, _pool, row, now) => {
      if (!(await confirmPoolUser(tx, row.sub, now, false))) throw notUnconfirmed(row);
    });
  }

  setEnabled(poolId: string, ref: string, enabled: boolean, actor: Actor): Promise<PoolUser> {
    const action = enabled ? 'pool_user.enable' : 'pool_user.disable';
    return this.change(poolId, ref, actor, action, async (tx, pool, row, now) => {
      await setPoolUserEnabled(tx, row.sub, enabled, now);
      if (!enabled) await endEverything(tx, pool.row.id, row.sub, now);
    });
  }

  /** A new password ends the user's sessions and refresh tokens: whoever held the old one is out. */
  async setPassword(
    poolId: string,
    ref: string,
    input: SetPoolUserPasswordInput,
    actor: Actor,
  ): Promise<PoolUser> {
    const parsed = setPoolUserPasswordSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const { password, permanent } = parsed.data;
    const pool = await requirePool(this.db, poolId, actor, 'write');
    const user = await requirePoolUser(this.db, pool.row.id, ref);
    requireGoodPassword(password, {
      minLength: pool.settings.passwordPolicy.minLength,
      refuseCommon: pool.settings.passwordPolicy.refuseCommonPasswords,
      username: user.username,
      email: user.email,
    });
    const { hash, srpVerifier } = await this.passwords.protect(password, {
      poolId: pool.row.id,
      sub: user.sub,
      username: user.username,
    });
    return this.change(poolId, user.sub, actor, 'pool_user.set_password', async (tx, p, row, now) => {
      const status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
      await setPoolUserPassword(tx, row.sub, { hash, srpVerifier, status, now });
      await endEverything(tx, p.row.id, row.sub, now);
    });
  }

  async signOut(poolId: string, ref: string, actor: Actor): Promise<SignOutResult> {
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await requirePoolUser(tx, pool.row.id, ref);
      const ended = await endEverything(tx, pool.row.id, row.sub, this.clock.now());
      const target = poolTarget(pool.row, 'pool_user', row.sub, row.username);
      await recordAudit(tx, this.clock, actor, 'pool_user.sign_out', target, null, ended);
      return ended;
    });
  }

  /** One change to one user: rights checked and the change audited, before and after, in one transaction. */
  private change(
    poolId: string,
    ref: string,
    actor: Actor,
    action: string,
    apply: Change,
  ): Promise<PoolUser> {
    return this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await requirePoolUser(tx, pool.row.id, ref);
      const groups = await groupsOfUser(tx, row.sub);
      const now = this.clock.now();
      await apply(tx, pool, row, now);
      const after = (await findPoolUser(tx, pool.row.id, row.sub)) ?? row;
      const view = poolUserView(after, groups);
      const target = poolTarget(pool.row, 'pool_user', row.sub, row.username);
      await recordAudit(tx, this.clock, actor, action, target, poolUserView(row, groups), view);
      return view;
    });
  }
}

import type { PoolSignUpInput, PoolUser, UpdatePoolUserInput } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { Db } from '../../store/db.js';
import { findPoolUser, type PoolUserRow, setPoolUserPassword } from '../../store/repos/pool-users.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { NotFoundError } from '../errors.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { confirmationCodeMessage, passwordResetCodeMessage } from '../mail/pool-messages.js';
import { loadPool, type PoolRecord, poolTarget } from './pool-access.js';
import { type PoolPasswords, requireGoodPassword } from './pool-passwords.js';
import { changePoolUserProfile } from './pool-user-profile.js';
import { endEverything } from './pool-user-states.js';
import type { PoolUserService } from './pool-users.js';
import { PoolCodeError, type UserCodeService } from './user-codes.js';

/** A person may ask for a new code once a minute; the page answers the same either way. */
export const RESEND_INTERVAL_MS = 60_000;

/** Statuses from which a person may reset their own password by email. */
const RESETTABLE = new Set(['CONFIRMED', 'RESET_REQUIRED', 'FORCE_CHANGE_PASSWORD']);

const mailPool = (pool: PoolRecord) => ({ name: pool.row.name, settings: pool.settings });

/**
 * What people do for themselves at a pool's hosted pages: sign up, confirm with the mailed
 * code, reset a forgotten password, replace a temporary one. Audited with the self-service
 * actor. Answers that could tell whether an account exists are the route's to keep uniform;
 * this side never throws "no such user" where the page must not say so.
 */
export class PoolSelfService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly users: PoolUserService,
    private readonly passwords: PoolPasswords,
    private readonly codes: UserCodeService,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
  ) {}

  /** A new account; UNCONFIRMED ones are mailed their code at once. */
  async signUp(poolId: string, input: PoolSignUpInput, actor: Actor): Promise<PoolUser> {
    const user = await this.users.signUp(poolId, input, actor);
    if (user.status === 'UNCONFIRMED') await this.sendConfirmation(poolId, user.sub, 0);
    return user;
  }

  /** Mails a new confirmation code to an UNCONFIRMED user; nothing (and no error) otherwise. */
  async sendConfirmation(poolId: string, ref: string, minIntervalMs = RESEND_INTERVAL_MS): Promise<void> {
    const pool = await loadPool(this.db, poolId);
    const found = pool && (await this.users.findForSignIn(poolId, ref));
    const user = found?.user;
    if (!pool || !user || user.status !== 'UNCONFIRMED' || !user.email) return;
    const code = await this.codes.issueUnlessRecent(user.sub, 'confirm_sign_up', minIntervalMs);
    if (code !== undefined) await this.send(confirmationCodeMessage(mailPool(pool), user.email, code));
  }

  /**
   * Forgot password: a reset code by mail when the name belongs to an account that may reset.
   * The mail goes out after the answer, so the answer's timing says nothing either.
   */
  async requestReset(poolId: string, login: string): Promise<void> {
    const found = await this.users.findForSignIn(poolId, login);
    const user = found?.user;
    if (!found || !user || user.enabled !== 1 || !user.email || !RESETTABLE.has(user.status)) return;
    const code = await this.codes.issueUnlessRecent(user.sub, 'reset_password', RESEND_INTERVAL_MS);
    if (code === undefined) return;
    const message = passwordResetCodeMessage(mailPool(found.pool), user.email, code);
    void this.send(message);
  }

  /**
   * A new password with the mailed code. Ends every session and refresh token of the user:
   * whoever knew the old password is out. An unknown name is refused like a wrong code.
   */
  async resetWithCode(
    poolId: string,
    login: string,
    code: string,
    password: string,
    actor: Actor,
  ): Promise<void> {
    const found = await this.users.findForSignIn(poolId, login);
    if (!found) throw new NotFoundError(`no user pool "${poolId}"`);
    const { pool, user } = found;
    if (!user || user.enabled !== 1 || !RESETTABLE.has(user.status)) throw new PoolCodeError('mismatch');
    requireGoodPassword(password, this.policy(pool, user));
    await this.codes.spend(user.sub, 'reset_password', code);
    await this.replacePassword(pool, user, password, actor, 'pool_user.reset_password');
  }

  /**
   * FORCE_CHANGE_PASSWORD: the person chose their own password after signing in with the
   * temporary one. `passwordChangedAt` is what the challenge saw, so a challenge works once.
   */
  async completeNewPassword(
    poolId: string,
    sub: string,
    passwordChangedAt: number | null,
    password: string,
    actor: Actor,
  ): Promise<PoolUserRow> {
    const pool = await loadPool(this.db, poolId);
    const user = pool && (await findPoolUser(this.db, poolId, sub));
    if (
      !pool ||
      !user ||
      user.enabled !== 1 ||
      user.status !== 'FORCE_CHANGE_PASSWORD' ||
      user.password_changed_at !== passwordChangedAt
    ) {
      throw new NotFoundError('this password change is no longer pending; sign in again');
    }
    requireGoodPassword(password, this.policy(pool, user));
    await this.replacePassword(pool, user, password, actor, 'pool_user.complete_new_password');
    return (await findPoolUser(this.db, poolId, sub)) ?? user;
  }

  /** A signed-in person changes their own email and attributes (the wire checks what they may change). */
  updateOwnProfile(
    poolId: string,
    sub: string,
    change: UpdatePoolUserInput,
    actor: Actor,
  ): Promise<PoolUser> {
    return changePoolUserProfile(this.db, this.clock, poolId, sub, change, actor, true);
  }

  /**
   * A signed-in person's new password (Cognito's ChangePassword), once the caller has checked
   * the old one through PoolSignIn, lockout included. Ends every session and refresh token.
   */
  async changePassword(poolId: string, sub: string, password: string, actor: Actor): Promise<void> {
    const pool = await loadPool(this.db, poolId);
    const user = pool && (await findPoolUser(this.db, poolId, sub));
    if (!pool || !user || user.enabled !== 1) throw new NotFoundError(`no user "${sub}" in "${poolId}"`);
    requireGoodPassword(password, this.policy(pool, user));
    await this.replacePassword(pool, user, password, actor, 'pool_user.change_password');
  }

  /** A signed-in person signs out everywhere (Cognito's GlobalSignOut): every session and refresh token ends. */
  async signOutEverywhere(poolId: string, sub: string, actor: Actor): Promise<void> {
    const pool = await loadPool(this.db, poolId);
    if (!pool) throw new NotFoundError(`no user pool "${poolId}"`);
    await this.db.transaction(async (tx) => {
      const user = await findPoolUser(tx, poolId, sub);
      if (!user) return;
      const ended = await endEverything(tx, poolId, sub, this.clock.now());
      const target = poolTarget(pool.row, 'pool_user', user.sub, user.username);
      await recordAudit(tx, this.clock, actor, 'pool_user.sign_out', target, null, ended);
    });
  }

  private policy(pool: PoolRecord, user: PoolUserRow) {
    const { minLength, refuseCommonPasswords } = pool.settings.passwordPolicy;
    return { minLength, refuseCommon: refuseCommonPasswords, username: user.username, email: user.email };
  }

  private async replacePassword(
    pool: PoolRecord,
    user: PoolUserRow,
    password: string,
    actor: Actor,
    action: string,
  ): Promise<void> {
    const hash = await this.passwords.hash(password);
    await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      await setPoolUserPassword(tx, user.sub, { hash, status: 'CONFIRMED', now });
      const ended = await endEverything(tx, pool.row.id, user.sub, now);
      const target = poolTarget(pool.row, 'pool_user', user.sub, user.username);
      await recordAudit(
        tx,
        this.clock,
        actor,
        action,
        target,
        { status: user.status },
        { status: 'CONFIRMED', ...ended },
      );
    });
  }

  /** A failed send is logged, not thrown: the person can ask again, and the page must not differ. */
  private async send(message: MailMessage): Promise<void> {
    try {
      await this.mailer.send(message);
    } catch (error) {
      // Never the message itself: it carries the code.
      this.logger.warn('could not send a user-pool message', { error: (error as Error).message });
    }
  }
}

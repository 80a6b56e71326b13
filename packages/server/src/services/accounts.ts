import {
  type AccountSession,
  type ChangePasswordInput,
  changePasswordSchema,
  type SetPasswordInput,
  setPasswordSchema,
  toIssues,
  type User,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { HasherBusyError, type PasswordHasher } from '../crypto/password-hasher.js';
import { sha256Base64url } from '../crypto/secrets.js';
import type { Db } from '../store/db.js';
import {
  countEnabledAdmins,
  deleteUserRow,
  lockAccounts,
  setDisabledAt,
  setPasswordHash,
} from '../store/repos/accounts.js';
import { findUserByEmail, findUserById, membershipsOf, type UserRow } from '../store/repos/people.js';
import { deleteSessionsOf, sessionsOf } from '../store/repos/sessions.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { requirePlatformScope } from './authz.js';
import { ConflictError, NotFoundError, TooBusyError, ValidationError } from './errors.js';
import type { SignInGuard } from './sign-in-guard.js';
import { iso, userView } from './views.js';

/** Session ids shown to people: the first characters of the stored hash, never the cookie value. */
const SESSION_ID_LENGTH = 16;
const sessionIdOf = (idHash: string) => idHash.slice(0, SESSION_ID_LENGTH);

const target = (row: UserRow) => ({ type: 'user', id: row.id, name: row.email, teamId: null });

/**
 * The chores on portal accounts: new passwords, disabling, deleting, and ending sessions.
 * Acting on a platform admin's account needs `admins:write` as well as `users:write`, since
 * a new password or a session ended there is power over an admin. One enabled platform admin
 * always remains, so nobody can lock everyone out of the portal.
 */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly guard: SignInGuard,
  ) {}

  /** By id (`usr_…`) or email. */
  async find(idOrEmail: string, actor: Actor): Promise<UserRow> {
    requirePlatformScope(actor, 'users:read', 'read user accounts');
    const row = idOrEmail.startsWith('usr_')
      ? await findUserById(this.db, idOrEmail)
      : await findUserByEmail(this.db, idOrEmail.trim());
    if (!row) throw new NotFoundError(`no account "${idOrEmail}"; see gatehouse users list`);
    return row;
  }

  /** An admin sets a new password for a local account; every session of the account ends. */
  async setPassword(idOrEmail: string, input: SetPasswordInput, actor: Actor): Promise<User> {
    const row = await this.writable(idOrEmail, actor, 'set passwords');
    const parsed = setPasswordSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    if (row.source !== 'local') {
      throw new ConflictError(
        `${row.email} signs in with single sign-on; their password is kept at the identity provider`,
      );
    }
    const hash = await this.hashNew(parsed.data.password);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await setPasswordHash(tx, row.id, hash, now);
      const ended = await deleteSessionsOf(tx, row.id);
      await recordAudit(tx, this.clock, actor, 'account.password.set', target(row), null, {
        sessionsEnded: ended,
      });
    });
    return userView({ ...row, updated_at: now });
  }

  /**
   * A person changes their own password. The current one is checked like a sign-in (counted
   * against the lockout, hashed off the event loop), so a borrowed session cannot guess it.
   * Their other sessions end; the one asking (`keepToken`) stays.
   */
  async changeOwnPassword(
    userId: string,
    input: ChangePasswordInput,
    origin: { ip: string | null },
    keepToken: string | undefined,
  ): Promise<void> {
    const parsed = changePasswordSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const row = await findUserById(this.db, userId);
    if (!row) throw new NotFoundError('this account no longer exists');
    if (row.source !== 'local' || row.password_hash === null) {
      throw new ConflictError(
        'you sign in with single sign-on; change your password at the identity provider',
      );
    }
    const ticket = await this.guard.reserve(this.guard.keysFor(row.email, origin.ip));
    const ok = await this.verify(parsed.data.currentPassword, row.password_hash);
    if (!ok) {
      this.guard.failed(ticket);
      throw new ValidationError([
        { path: 'currentPassword', message: 'is not your current password', code: 'custom' },
      ]);
    }
    await this.guard.succeeded(ticket);
    const hash = await this.hashNew(parsed.data.newPassword);
    const now = this.clock.now();
    const keep = keepToken === undefined ? undefined : sha256Base64url(keepToken);
    const self: Actor = {
      type: 'user',
      id: row.id,
      name: row.email,
      isAdmin: row.is_admin === 1,
      teams: new Map(),
      everyTeam: false,
      scopes: null,
      holds: null,
      ip: origin.ip,
      userAgent: null,
    };
    await this.db.transaction(async (tx) => {
      await setPasswordHash(tx, row.id, hash, now);
      const ended = await deleteSessionsOf(tx, row.id, keep === undefined ? {} : { keep });
      await recordAudit(tx, this.clock, self, 'account.password.change', target(row), null, {
        sessionsEnded: ended,
      });
    });
  }

  /** Disabled accounts cannot sign in, and their sessions end now. */
  async disable(idOrEmail: string, actor: Actor): Promise<User> {
    const row = await this.writable(idOrEmail, actor, 'disable accounts');
    if (row.disabled_at !== null) return userView(row);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.keepAnAdmin(tx, row, now, 'disable');
      await setDisabledAt(tx, row.id, now, now);
      const ended = await deleteSessionsOf(tx, row.id);
      await recordAudit(tx, this.clock, actor, 'account.disable', target(row), null, {
        sessionsEnded: ended,
      });
    });
    return userView({ ...row, disabled_at: now, updated_at: now });
  }

  async enable(idOrEmail: string, actor: Actor): Promise<User> {
    const row = await this.writable(idOrEmail, actor, 'enable accounts');
    if (row.disabled_at === null) return userView(row);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await setDisabledAt(tx, row.id, null, now);
      await recordAudit(tx, this.clock, actor, 'account.enable', target(row), null, null);
    });
    return userView({ ...row, disabled_at: null, updated_at: now });
  }

  /**
   * Deletes the account with its sessions and team memberships. The audit history stays:
   * every audit row carries the email it was written under, and this event keeps the
   * account as it was (name, email, admin flag, teams).
   */
  async delete(idOrEmail: string, actor: Actor, confirm?: string): Promise<void> {
    const row = await this.writable(idOrEmail, actor, 'delete accounts');
    if (actor.type === 'user' && actor.id === row.id && confirm?.trim().toLowerCase() !== row.email) {
      throw new ValidationError([
        { path: 'confirm', message: `deleting your own account needs confirm=${row.email}`, code: 'custom' },
      ]);
    }
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.keepAnAdmin(tx, row, now, 'delete');
      const teams = (await membershipsOf(tx, row.id)).map((m) => ({ teamId: m.team_id, role: m.role }));
      await deleteUserRow(tx, row.id);
      await recordAudit(
        tx,
        this.clock,
        actor,
        'account.delete',
        target(row),
        { ...userView(row), teams },
        null,
      );
    });
  }

  /** The account's live sessions, newest first; `currentToken` marks the asking one. */
  async sessions(idOrEmail: string, actor: Actor, currentToken?: string): Promise<AccountSession[]> {
    const row = await this.find(idOrEmail, actor);
    return this.sessionsOfRow(row, currentToken);
  }

  async ownSessions(userId: string, currentToken: string | undefined): Promise<AccountSession[]> {
    const row = await findUserById(this.db, userId);
    return row ? this.sessionsOfRow(row, currentToken) : [];
  }

  /** Ends one session (by the id the list shows) or all; returns how many ended. */
  async endSessions(idOrEmail: string, actor: Actor, sessionId?: string): Promise<number> {
    const row = await this.writable(idOrEmail, actor, 'end sessions');
    return this.end(row, actor, sessionId === undefined ? {} : { prefix: this.checkedId(sessionId) });
  }

  /** A person ends one of their sessions, or every one but this. */
  async endOwnSessions(actor: Actor, currentToken: string | undefined, sessionId?: string): Promise<number> {
    const row = actor.id === null ? undefined : await findUserById(this.db, actor.id);
    if (!row) throw new NotFoundError('this account no longer exists');
    if (sessionId !== undefined) return this.end(row, actor, { prefix: this.checkedId(sessionId) });
    return this.end(row, actor, currentToken === undefined ? {} : { keep: sha256Base64url(currentToken) });
  }

  private async end(row: UserRow, actor: Actor, only: { prefix?: string; keep?: string }): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ended = await deleteSessionsOf(tx, row.id, only);
      if (only.prefix !== undefined && ended === 0) {
        throw new NotFoundError(`${row.email} has no session "${only.prefix}"`);
      }
      const after = { ended, ...(only.prefix === undefined ? {} : { sessionId: only.prefix }) };
      await recordAudit(tx, this.clock, actor, 'account.sessions.end', target(row), null, after);
      return ended;
    });
  }

  private async sessionsOfRow(row: UserRow, currentToken: string | undefined): Promise<AccountSession[]> {
    const current = currentToken === undefined ? undefined : sha256Base64url(currentToken);
    const now = this.clock.now();
    return (await sessionsOf(this.db, row.id))
      .filter((s) => s.expires_at > now)
      .map((s) => ({
        id: sessionIdOf(s.id_hash),
        createdAt: iso(s.created_at),
        lastSeenAt: iso(s.last_seen_at),
        expiresAt: iso(s.expires_at),
        ip: s.ip,
        userAgent: s.user_agent,
        current: s.id_hash === current,
      }));
  }

  private checkedId(sessionId: string): string {
    if (!/^[A-Za-z0-9_-]{16}$/.test(sessionId)) {
      throw new ValidationError([
        { path: 'session', message: 'is not a session id (16 characters)', code: 'custom' },
      ]);
    }
    return sessionId;
  }

  /** The account, once the actor may change it: `admins:write` too when it is an admin's. */
  private async writable(idOrEmail: string, actor: Actor, what: string): Promise<UserRow> {
    requirePlatformScope(actor, 'users:write', what);
    const row = await this.find(idOrEmail, actor);
    if (row.is_admin === 1) requirePlatformScope(actor, 'admins:write', `${what} of platform admins`);
    return row;
  }

  /** Refuses to take away the last enabled platform admin; holds the account lock until commit. */
  private async keepAnAdmin(tx: Db, row: UserRow, now: number, verb: string): Promise<void> {
    await lockAccounts(tx, now);
    const fresh = await findUserById(tx, row.id);
    if (!fresh) throw new NotFoundError(`no account "${row.email}"`);
    if (fresh.is_admin !== 1 || fresh.disabled_at !== null) return;
    if ((await countEnabledAdmins(tx)) <= 1) {
      throw new ConflictError(
        `${row.email} is the last enabled platform admin; make someone else an admin before you ${verb} this account`,
      );
    }
  }

  private async verify(password: string, stored: string): Promise<boolean> {
    const lease = await this.hasher.lease().catch((error: unknown) => {
      throw error instanceof HasherBusyError ? new TooBusyError(1) : error;
    });
    try {
      return await lease.verify(password, stored);
    } finally {
      lease.release();
    }
  }

  private async hashNew(password: string): Promise<string> {
    try {
      return await this.hasher.hash(password);
    } catch (error) {
      if (error instanceof HasherBusyError) throw new TooBusyError(1);
      throw error;
    }
  }
}

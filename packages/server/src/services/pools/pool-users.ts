import { randomUUID } from 'node:crypto';
import {
  type CreatePoolUserInput,
  createPoolUserSchema,
  type ListPoolUsersQuery,
  listPoolUsersQuerySchema,
  type PoolSignUpInput,
  poolSignUpSchema,
  type PoolUser,
  type PoolUserStatus,
  type SetPoolUserPasswordInput,
  toIssues,
  type UpdatePoolUserInput,
} from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import { type Db, UniqueViolation } from '../../store/db.js';
import { groupsOfUser, groupsOfUsers } from '../../store/repos/pool-groups.js';
import {
  deletePoolUser,
  findPoolUsersByEmail,
  insertPoolUser,
  listPoolUsers,
  type PoolUserRow,
} from '../../store/repos/pool-users.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { loadPool, type PoolRecord, poolTarget, requirePool } from './pool-access.js';
import { type PoolPasswords, requireGoodPassword, type StoredPassword } from './pool-passwords.js';
import { emailKey, findPoolUserByRef, requirePoolUser, usernameKey } from './pool-user-lookup.js';
import { changePoolUserProfile } from './pool-user-profile.js';
import { requireAttributes, requireFreeNames } from './pool-user-rules.js';
import { type PoolUserPage, type PoolUserPageQuery, pagePoolUsers } from './pool-user-pages.js';
import { PoolUserStates, type SignOutResult } from './pool-user-states.js';
import { poolUserView } from './pool-views.js';
import type { UserCodeService } from './user-codes.js';

export const poolUserTarget = (pool: PoolRecord, row: Pick<PoolUserRow, 'sub' | 'username'>) =>
  poolTarget(pool.row, 'pool_user', row.sub, row.username);

interface NewUser {
  username: string;
  email?: string | undefined;
  emailVerified: boolean;
  attributes: Record<string, string>;
  password?: string | undefined;
  status: PoolUserStatus;
}

/**
 * People in a pool: created by an admin or signing themselves up, with Cognito's statuses.
 * Usernames are unique in a pool without case; so are emails where people sign in with them.
 */
export class PoolUserService {
  private readonly states: PoolUserStates;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly passwords: PoolPasswords,
    private readonly codes: UserCodeService,
  ) {
    this.states = new PoolUserStates(db, clock, passwords, codes);
  }

  /**
   * An admin's new user: CONFIRMED with a password, FORCE_CHANGE_PASSWORD when that password
   * is temporary (Cognito's AdminCreateUser), RESET_REQUIRED without one.
   */
  async create(poolId: string, input: CreatePoolUserInput, actor: Actor): Promise<PoolUser> {
    const parsed = createPoolUserSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const value = parsed.data;
    const pool = await requirePool(this.db, poolId, actor, 'write');
    const status: PoolUserStatus =
      value.password === undefined
        ? 'RESET_REQUIRED'
        : value.temporaryPassword
          ? 'FORCE_CHANGE_PASSWORD'
          : 'CONFIRMED';
    const user = { ...value, emailVerified: value.emailVerified ?? false, status };
    return this.insert(pool, user, actor, 'pool_user.create', (tx) =>
      requirePool(tx, poolId, actor, 'write'),
    );
  }

  /**
   * A person signs up: UNCONFIRMED until they confirm (or CONFIRMED at once where the pool
   * auto-confirms). Refused where self sign-up is off, unless the actor may manage the pool.
   */
  async signUp(poolId: string, input: PoolSignUpInput, actor: Actor): Promise<PoolUser> {
    const parsed = poolSignUpSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const check = async (db: Db): Promise<PoolRecord> => {
      const pool = await loadPool(db, poolId);
      if (!pool) throw new NotFoundError(`no user pool "${poolId}"`);
      if (pool.settings.selfSignUp) return pool;
      try {
        return await requirePool(db, poolId, actor, 'write');
      } catch (error) {
        if (error instanceof ForbiddenError)
          throw new ForbiddenError(`user pool "${poolId}" does not allow sign-up`);
        throw error;
      }
    };
    const pool = await check(this.db);
    const status = pool.settings.autoConfirm ? 'CONFIRMED' : 'UNCONFIRMED';
    const user = { ...parsed.data, emailVerified: false, status } as const;
    return this.insert(pool, user, actor, 'pool_user.sign_up', check);
  }

  async list(poolId: string, actor: Actor, query: ListPoolUsersQuery = {}): Promise<PoolUser[]> {
    const parsed = listPoolUsersQuerySchema.safeParse(query);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const pool = await requirePool(this.db, poolId, actor, 'read');
    const search = parsed.data.search?.trim();
    const rows = await listPoolUsers(this.db, pool.row.id, {
      prefix: search ? usernameKey(search) : undefined,
      limit: parsed.data.limit,
    });
    const groups = await groupsOfUsers(
      this.db,
      rows.map((r) => r.sub),
    );
    return rows.map((row) => poolUserView(row, groups.get(row.sub) ?? []));
  }

  /** Pages through the pool's users by username, those matching one condition (Cognito's ListUsers). */
  page(poolId: string, actor: Actor, query: PoolUserPageQuery): Promise<PoolUserPage> {
    return pagePoolUsers(this.db, poolId, actor, query);
  }

  /** `ref` is the username (any case) or the sub. */
  async get(poolId: string, ref: string, actor: Actor): Promise<PoolUser> {
    const pool = await requirePool(this.db, poolId, actor, 'read');
    const row = await requirePoolUser(this.db, pool.row.id, ref);
    return poolUserView(row, await groupsOfUser(this.db, row.sub));
  }

  /** Deletes the user with their codes, groups, sessions and refresh tokens; the sub is never reused. */
  async delete(poolId: string, ref: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const pool = await requirePool(tx, poolId, actor, 'write');
      const row = await requirePoolUser(tx, pool.row.id, ref);
      const before = poolUserView(row, await groupsOfUser(tx, row.sub));
      await deletePoolUser(tx, pool.row.id, row.sub);
      await recordAudit(tx, this.clock, actor, 'pool_user.delete', poolUserTarget(pool, row), before, null);
    });
  }

  /** Email and attributes; an attribute set to '' is removed. */
  update(poolId: string, ref: string, input: UpdatePoolUserInput, actor: Actor): Promise<PoolUser> {
    return changePoolUserProfile(this.db, this.clock, poolId, ref, input, actor);
  }

  /** Admin confirmation of an UNCONFIRMED user (Cognito's AdminConfirmSignUp). */
  confirm(poolId: string, ref: string, actor: Actor): Promise<PoolUser> {
    return this.states.confirm(poolId, ref, actor);
  }

  /** A person's own confirmation with the emailed code; PoolCodeError says why a code is refused. */
  confirmWithCode(poolId: string, ref: string, code: string, actor: Actor): Promise<PoolUser> {
    return this.states.confirmWithCode(poolId, ref, code, actor);
  }

  /**
   * A new confirmation code for an UNCONFIRMED user (on sign-up, and to resend), returned once
   * for the message that carries it; undefined when there is no such user to confirm.
   */
  async issueConfirmationCode(
    poolId: string,
    ref: string,
  ): Promise<{ user: PoolUser; code: string } | undefined> {
    const user = await findPoolUserByRef(this.db, poolId, ref);
    if (!user || user.status !== 'UNCONFIRMED') return undefined;
    const code = await this.codes.issue(user.sub, 'confirm_sign_up');
    return { user: poolUserView(user, await groupsOfUser(this.db, user.sub)), code };
  }

  enable(poolId: string, ref: string, actor: Actor): Promise<PoolUser> {
    return this.states.setEnabled(poolId, ref, true, actor);
  }

  /** A disabled user cannot sign in, and loses their sessions and refresh tokens at once. */
  disable(poolId: string, ref: string, actor: Actor): Promise<PoolUser> {
    return this.states.setEnabled(poolId, ref, false, actor);
  }

  /** Permanent: CONFIRMED. Temporary (the default, as Cognito's): FORCE_CHANGE_PASSWORD. */
  setPassword(poolId: string, ref: string, input: SetPoolUserPasswordInput, actor: Actor): Promise<PoolUser> {
    return this.states.setPassword(poolId, ref, input, actor);
  }

  /** Global sign-out: every session ends and every refresh token is revoked. */
  signOut(poolId: string, ref: string, actor: Actor): Promise<SignOutResult> {
    return this.states.signOut(poolId, ref, actor);
  }

  /**
   * The user a sign-in names, with the password hash, for the people side (no actor): by
   * username, or by email where people sign in with it. Undefined when there is none; the
   * caller then checks the password against a stand-in all the same (PoolPasswords.verify).
   */
  async findForSignIn(
    poolId: string,
    login: string,
  ): Promise<{ pool: PoolRecord; user: PoolUserRow | undefined } | undefined> {
    const pool = await loadPool(this.db, poolId);
    if (!pool) return undefined;
    let user: PoolUserRow | undefined;
    if (pool.settings.signInWith === 'email' && login.includes('@')) {
      [user] = await findPoolUsersByEmail(this.db, poolId, emailKey(login));
    }
    user ??= await findPoolUserByRef(this.db, poolId, login);
    return { pool, user };
  }

  private async insert(
    pool: PoolRecord,
    user: NewUser,
    actor: Actor,
    action: string,
    recheck: (tx: Db) => Promise<PoolRecord>,
  ): Promise<PoolUser> {
    const { settings } = pool;
    requireAttributes(settings, user.email, user.attributes);
    const sub = randomUUID();
    const username = user.username.normalize('NFC');
    let stored: StoredPassword | undefined;
    if (user.password !== undefined) {
      requireGoodPassword(user.password, {
        minLength: settings.passwordPolicy.minLength,
        refuseCommon: settings.passwordPolicy.refuseCommonPasswords,
        username: user.username,
        email: user.email,
      });
      // Hashed before the transaction: a slow hash must not hold the pool's lock.
      stored = await this.passwords.protect(user.password, { poolId: pool.row.id, sub, username });
    }
    const now = this.clock.now();
    const row: PoolUserRow = {
      sub,
      pool_id: pool.row.id,
      username,
      username_key: usernameKey(user.username),
      email: user.email ?? null,
      email_key: user.email === undefined ? null : emailKey(user.email),
      email_verified: user.emailVerified && user.email !== undefined ? 1 : 0,
      status: user.status,
      enabled: 1,
      password_hash: stored?.hash ?? null,
      attributes: JSON.stringify(user.attributes),
      created_at: now,
      updated_at: now,
      password_changed_at: stored === undefined ? null : now,
      srp_verifier: stored?.srpVerifier ?? null,
    };
    try {
      return await this.db.transaction(async (tx) => {
        const current = await recheck(tx);
        await requireFreeNames(tx, current.settings, current.row.id, { ...row, email: row.email });
        await insertPoolUser(tx, row);
        const view = poolUserView(row, []);
        await recordAudit(tx, this.clock, actor, action, poolUserTarget(current, row), null, view);
        return view;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        throw new ConflictError(`user pool "${pool.row.id}" already has a user "${user.username}"`);
      }
      throw error;
    }
  }
}

import { randomBytes } from 'node:crypto';
import { safeEqual } from '../crypto/safe-equal.js';
import {
  type CreateUserInput,
  createUserSchema,
  formatIssues,
  loginSchema,
  setupSchema,
  type User,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import { randomId, sha256Base64url } from '../crypto/secrets.js';
import { type Db, UniqueViolation } from '../store/db.js';
import {
  countUsers,
  findUserByEmail,
  insertUser,
  listUsers,
  recordFailedSignIn,
  recordSignIn,
  type UserRow,
} from '../store/repos/people.js';
import { getSetting } from '../store/repos/settings.js';
import { type Actor, CLI_ACTOR, SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';
import { requirePlatformScope } from './authz.js';
import { ConflictError, InvalidCredentialsError, LockedError, ValidationError } from './errors.js';
import { iso } from './views.js';

/** Five tries, then a lock that doubles with each further failure: 30 s, 1 min, 2 min … up to 15 min. */
export const LOCK_AFTER = 5;
const LOCK_BASE_MS = 30_000;
const LOCK_MAX_MS = 15 * 60_000;
const SETUP_TOKEN_KEY = 'setup_token';
const SETUP_TOKEN_TTL_MS = 24 * 3600_000;

export function userView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.is_admin === 1,
    source: row.source,
    createdAt: iso(row.created_at),
    lastSignInAt: row.last_sign_in_at === null ? null : iso(row.last_sign_in_at),
  };
}

const target = (row: UserRow) => ({ type: 'user', id: row.id, name: row.email, teamId: null });

/** People: local accounts with memory-hard password hashes, lockout, and the first-run admin. */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor = CLI_ACTOR): Promise<User[]> {
    requirePlatformScope(actor, 'users:read', 'list user accounts');
    return (await listUsers(this.db)).map(userView);
  }

  async create(input: CreateUserInput, actor: Actor = CLI_ACTOR): Promise<User> {
    requirePlatformScope(actor, 'users:write', 'create user accounts');
    const parsed = createUserSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    // A platform admin can do anything, so making one is a right of its own.
    if (parsed.data.isAdmin) requirePlatformScope(actor, 'admins:write', 'make platform admins');
    const row = await this.newLocalUser(parsed.data);
    try {
      await this.db.transaction(async (tx) => {
        await insertUser(tx, row);
        await recordAudit(tx, this.clock, actor, 'user.create', target(row), null, userView(row));
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw new ConflictError(`a user "${row.email}" already exists`);
      throw error;
    }
    return userView(row);
  }

  /**
   * Checks a password. Unknown emails cost the same time as wrong passwords; a locked
   * account is refused without looking at the password, so guessing gains nothing.
   */
  async authenticate(input: unknown): Promise<UserRow> {
    const parsed = loginSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const now = this.clock.now();
    const user = await findUserByEmail(this.db, parsed.data.email.trim());
    if (user?.locked_until && user.locked_until > now) {
      throw new LockedError(Math.ceil((user.locked_until - now) / 1000));
    }
    const ok = await verifyPassword(parsed.data.password, user?.password_hash ?? null);
    if (!user || !ok) {
      if (user) {
        const failures = user.failed_attempts + 1;
        const lockedUntil =
          failures >= LOCK_AFTER
            ? now + Math.min(LOCK_BASE_MS * 2 ** (failures - LOCK_AFTER), LOCK_MAX_MS)
            : null;
        await recordFailedSignIn(this.db, user.id, lockedUntil, now);
        if (lockedUntil !== null) throw new LockedError(Math.ceil((lockedUntil - now) / 1000));
      }
      throw new InvalidCredentialsError();
    }
    await recordSignIn(this.db, user.id, now);
    return user;
  }

  async isSetupRequired(): Promise<boolean> {
    return (await countUsers(this.db)) === 0;
  }

  /**
   * First start: creates the admin from the environment, or returns a one-time setup token
   * for the link printed to the console. Returns undefined once anyone exists.
   */
  async bootstrap(env: {
    email?: string | undefined;
    password?: string | undefined;
  }): Promise<string | undefined> {
    if (!(await this.isSetupRequired())) return undefined;
    if (env.email && env.password) {
      const parsed = createUserSchema.safeParse({
        email: env.email,
        name: 'Administrator',
        password: env.password,
        isAdmin: true,
      });
      if (!parsed.success) {
        throw new ValidationError(
          formatIssues(parsed.error).map((m) =>
            m.replace(/^(\w+):/, (_, f: string) => `GATEHOUSE_ADMIN_${f.toUpperCase()}:`),
          ),
        );
      }
      const row = await this.newLocalUser(parsed.data);
      try {
        await this.db.transaction(async (tx) => {
          await insertUser(tx, row);
          await recordAudit(tx, this.clock, SYSTEM_ACTOR, 'user.bootstrap', target(row), null, userView(row));
        });
      } catch (error) {
        if (!(error instanceof UniqueViolation)) throw error;
      }
      return undefined;
    }
    const token = randomBytes(32).toString('base64url');
    const value = JSON.stringify({
      hash: sha256Base64url(token),
      expiresAt: this.clock.now() + SETUP_TOKEN_TTL_MS,
    });
    await this.db.run(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [SETUP_TOKEN_KEY, value],
    );
    return token;
  }

  /** Spends the one-time setup token on the first platform admin. */
  async completeSetup(
    input: unknown,
    origin: { ip: string | null; userAgent: string | null },
  ): Promise<UserRow> {
    const parsed = setupSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(formatIssues(parsed.error));
    const row = await this.newLocalUser({ ...parsed.data, isAdmin: true });
    await this.db.transaction(async (tx) => {
      const stored = await getSetting(tx, SETUP_TOKEN_KEY);
      const record = stored ? (JSON.parse(stored) as { hash: string; expiresAt: number }) : undefined;
      const valid =
        record !== undefined &&
        record.expiresAt > this.clock.now() &&
        safeEqual(sha256Base64url(parsed.data.token), record.hash);
      if (!valid || (await countUsers(tx)) > 0) {
        throw new ConflictError(
          'this setup link is used up or has expired; restart Gatehouse to print a new one',
        );
      }
      await insertUser(tx, row);
      await tx.run('DELETE FROM settings WHERE key = ?', [SETUP_TOKEN_KEY]);
      await recordAudit(
        tx,
        this.clock,
        { ...SYSTEM_ACTOR, ...origin },
        'user.bootstrap',
        target(row),
        null,
        userView(row),
      );
    });
    await recordSignIn(this.db, row.id, this.clock.now());
    return row;
  }

  private async newLocalUser(value: {
    email: string;
    name: string;
    password: string;
    isAdmin: boolean;
  }): Promise<UserRow> {
    const now = this.clock.now();
    return {
      id: randomId('usr_', 10),
      email: value.email,
      name: value.name,
      password_hash: await hashPassword(value.password),
      is_admin: value.isAdmin ? 1 : 0,
      source: 'local',
      sso_subject: null,
      failed_attempts: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
      last_sign_in_at: null,
    };
  }
}

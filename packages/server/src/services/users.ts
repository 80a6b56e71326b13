import { randomBytes } from 'node:crypto';
import { safeEqual } from '../crypto/safe-equal.js';
import {
  type CreateUserInput,
  createUserSchema,
  toIssues,
  loginSchema,
  setupSchema,
  type User,
} from '@gatehouse/schemas';
import type { Clock } from '../clock.js';
import { HasherBusyError, type PasswordHasher } from '../crypto/password-hasher.js';
import { randomId, sha256Base64url } from '../crypto/secrets.js';
import { type Db, UniqueViolation } from '../store/db.js';
import {
  countUsers,
  findUserByEmail,
  insertUser,
  listUsers,
  recordSignIn,
  type UserRow,
} from '../store/repos/people.js';
import { deleteSetting, getSetting, putSetting } from '../store/repos/settings.js';
import { type Actor, SYSTEM_ACTOR } from './actor.js';
import { recordAudit } from './audit.js';
import { requirePlatformScope } from './authz.js';
import {
  AccountDisabledError,
  ConflictError,
  InvalidCredentialsError,
  LockedError,
  TooBusyError,
  ValidationError,
} from './errors.js';
import type { RequestOrigin } from './sessions.js';
import { auditRefusedSignIn } from './sign-in-audit.js';
import type { SignInGuard, Ticket } from './sign-in-guard.js';
import { userView } from './views.js';

/** How long a caller refused by the hashing limit should wait: a hash or two takes well under this. */
const BUSY_RETRY_S = 1;
const SETUP_TOKEN_KEY = 'setup_token';
const SETUP_TOKEN_TTL_MS = 24 * 3600_000;

/** Where a sign-in came from: the address always, the user agent when the route has it. */
type SignInOrigin = Pick<RequestOrigin, 'ip'> & Partial<Pick<RequestOrigin, 'userAgent'>>;

const target = (row: UserRow) => ({ type: 'user', id: row.id, name: row.email, teamId: null });

const setupUsedUp = () =>
  new ConflictError('this setup link is used up or has expired; restart Gatehouse to print a new one');

/** People: local accounts with memory-hard password hashes, lockout, and the first-run admin. */
export class UserService {
  /** Set once an account exists: setup is then refused without touching the store. */
  private setupDone = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly guard: SignInGuard,
  ) {}

  async list(actor: Actor): Promise<User[]> {
    requirePlatformScope(actor, 'users:read', 'list user accounts');
    return (await listUsers(this.db)).map(userView);
  }

  async create(input: CreateUserInput, actor: Actor): Promise<User> {
    requirePlatformScope(actor, 'users:write', 'create user accounts');
    const parsed = createUserSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
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
   * Checks a password. The attempt is counted in the store before the hash runs, by account
   * and by address, so concurrent guesses cannot pass the limit; a locked counter is refused
   * without looking at the password. Unknown emails take the same path at the same cost.
   */
  async authenticate(input: unknown, origin: SignInOrigin = { ip: null }): Promise<UserRow> {
    return this.refusedSlowly(() => this.checkPassword(input, origin));
  }

  private async checkPassword(input: unknown, origin: SignInOrigin): Promise<UserRow> {
    const parsed = loginSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    const email = parsed.data.email.trim();
    const keys = this.guard.keysFor(email, origin.ip);
    // The worker first: when hashing is at its limit the refusal costs no store round trip
    // and no attempt.
    const lease = await this.hasher.lease().catch((error: unknown) => {
      throw error instanceof HasherBusyError ? this.busy() : error;
    });
    let user: UserRow | undefined;
    let ok: boolean;
    let ticket: Ticket;
    try {
      ticket = await this.guard.reserve(keys);
      user = await findUserByEmail(this.db, email);
      ok = await lease.verify(parsed.data.password, user?.password_hash ?? null);
    } finally {
      lease.release();
    }
    if (!user || !ok) {
      await auditRefusedSignIn(this.db, this.clock, origin, user, ticket);
      this.guard.failed(ticket);
      throw new InvalidCredentialsError();
    }
    await this.guard.succeeded(ticket);
    // Said only to someone who knows the password, so it tells a guesser nothing.
    if (user.disabled_at !== null) throw new AccountDisabledError();
    await recordSignIn(this.db, user.id, this.clock.now());
    return user;
  }

  /** Password hashes running and done on this instance, for tests and metrics. */
  get hashing(): { running: number; completed: number; refused: number } {
    return { running: this.hasher.running, ...this.hasher.stats };
  }

  /** Forgets attempt counters that have been quiet for longer than their window. */
  purgeSignInAttempts(): Promise<void> {
    return this.guard.purge();
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
    if (!(await this.isSetupRequired())) {
      this.setupDone = true;
      return undefined;
    }
    if (env.email && env.password) {
      const parsed = createUserSchema.safeParse({
        email: env.email,
        name: 'Administrator',
        password: env.password,
        isAdmin: true,
      });
      if (!parsed.success) {
        // The fields came from the environment: name them as the variables that held them.
        throw new ValidationError(
          toIssues(parsed.error).map((i) =>
            /^\w+$/.test(i.path) ? { ...i, path: `GATEHOUSE_ADMIN_${i.path.toUpperCase()}` } : i,
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
      this.setupDone = true;
      return undefined;
    }
    const token = randomBytes(32).toString('base64url');
    const value = JSON.stringify({
      hash: sha256Base64url(token),
      expiresAt: this.clock.now() + SETUP_TOKEN_TTL_MS,
    });
    await putSetting(this.db, SETUP_TOKEN_KEY, value);
    return token;
  }

  /**
   * Spends the one-time setup token on the first platform admin. The token is checked before
   * any hashing (a hash compared in constant time), and once an account exists every call is
   * refused at once: a flood of setup requests costs no password hash.
   */
  async completeSetup(input: unknown, origin: RequestOrigin): Promise<UserRow> {
    return this.refusedSlowly(() => this.setUp(input, origin));
  }

  private async setUp(input: unknown, origin: RequestOrigin): Promise<UserRow> {
    const parsed = setupSchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(toIssues(parsed.error));
    if (this.setupDone) throw setupUsedUp();
    const presented = sha256Base64url(parsed.data.token);
    if (!(await this.setupTokenMatches(this.db, presented))) {
      if (!(await this.isSetupRequired())) this.setupDone = true;
      throw setupUsedUp();
    }
    const row = await this.newLocalUser({ ...parsed.data, isAdmin: true });
    await this.db.transaction(async (tx) => {
      // Checked again inside the transaction: two requests with the token race to here.
      if (!(await this.setupTokenMatches(tx, presented)) || (await countUsers(tx)) > 0) {
        throw setupUsedUp();
      }
      await insertUser(tx, row);
      await deleteSetting(tx, SETUP_TOKEN_KEY);
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
    this.setupDone = true;
    await recordSignIn(this.db, row.id, this.clock.now());
    return row;
  }

  private async setupTokenMatches(db: Db, presentedHash: string): Promise<boolean> {
    const stored = await getSetting(db, SETUP_TOKEN_KEY);
    const record = stored ? (JSON.parse(stored) as { hash: string; expiresAt: number }) : undefined;
    return (
      record !== undefined && record.expiresAt > this.clock.now() && safeEqual(presentedHash, record.hash)
    );
  }

  /**
   * Refusals that cost no work (locked, busy, already set up) are answered after a short
   * pause: each flooding connection then sends a few requests a second instead of thousands,
   * and the event loop stays free for the token endpoint. The pause is a timer, not work.
   */
  private async refusedSlowly<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const cheap =
        error instanceof LockedError || error instanceof TooBusyError || error instanceof ConflictError;
      if (cheap && this.guard.limits.refusalDelayMs > 0) {
        // Jittered, so a flood's connections do not come back in step and arrive as one burst.
        const pause = this.guard.limits.refusalDelayMs * (0.5 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      throw error;
    }
  }

  private busy(): TooBusyError {
    return new TooBusyError(BUSY_RETRY_S);
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
      password_hash: await this.hashNew(value.password),
      is_admin: value.isAdmin ? 1 : 0,
      source: 'local',
      sso_subject: null,
      failed_attempts: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
      last_sign_in_at: null,
      disabled_at: null,
    };
  }

  private async hashNew(password: string): Promise<string> {
    try {
      return await this.hasher.hash(password);
    } catch (error) {
      if (error instanceof HasherBusyError) throw this.busy();
      throw error;
    }
  }
}

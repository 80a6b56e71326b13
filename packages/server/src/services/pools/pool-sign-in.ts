import { sha256Base64url } from '../../crypto/secrets.js';
import type { PoolUserRow } from '../../store/repos/pool-users.js';
import { InvalidCredentialsError, NotFoundError } from '../errors.js';
import type { SignInGuard, Ticket } from '../sign-in-guard.js';
import type { PoolRecord } from './pool-access.js';
import type { PoolPasswords } from './pool-passwords.js';
import { usernameKey } from './pool-user-lookup.js';
import type { PoolUserService } from './pool-users.js';
import type { SrpBackfill } from './srp-backfill.js';

/** Longer than any real sign-in name or password; beyond it the attempt is refused unhashed. */
export const MAX_LOGIN = 256;
const MAX_PASSWORD = 1024;

/** Where a sign-in with the right password goes next. */
export type PoolSignInOutcome =
  | { next: 'session'; pool: PoolRecord; user: PoolUserRow }
  /** The account is not confirmed yet: a new code is due, then the confirm page. */
  | { next: 'confirm'; pool: PoolRecord; user: PoolUserRow }
  /** The password was temporary (FORCE_CHANGE_PASSWORD): the person must choose their own. */
  | { next: 'new-password'; pool: PoolRecord; user: PoolUserRow };

/** The lockout counters of a pool sign-in: one per user (or per unknown name), one per address. */
export function poolSignInKeys(
  poolId: string,
  user: { sub: string } | undefined,
  login: string,
  ip: string | null,
) {
  // An unknown name still gets a counter of its own, so both paths do the same store work.
  const who = user?.sub ?? `unknown:${sha256Base64url(usernameKey(login))}`;
  return { account: `pool:${poolId}:user:${who}`, address: ip ? `pool:${poolId}:ip:${ip}` : undefined };
}

/** Where a user whose password was right goes next, by status; anything else is refused. */
export function signInOutcome(pool: PoolRecord, user: PoolUserRow): PoolSignInOutcome {
  if (user.status === 'UNCONFIRMED') return { next: 'confirm', pool, user };
  if (user.status === 'FORCE_CHANGE_PASSWORD') return { next: 'new-password', pool, user };
  if (user.status !== 'CONFIRMED') throw new InvalidCredentialsError();
  return { next: 'session', pool, user };
}

/**
 * Password sign-in at a pool's hosted page. The attempt is counted per user and per address
 * before the password is checked, and the password is checked for unknown users too (against
 * a stand-in), so neither the answer nor its timing tells whether the account exists. Disabled
 * users get the same refusal as a wrong password.
 */
export class PoolSignIn {
  constructor(
    private readonly users: PoolUserService,
    private readonly passwords: PoolPasswords,
    private readonly guard: SignInGuard,
    private readonly srp?: SrpBackfill,
  ) {}

  async signIn(
    poolId: string,
    login: string,
    password: string,
    origin: { ip: string | null },
  ): Promise<PoolSignInOutcome> {
    const found = await this.users.findForSignIn(poolId, login.slice(0, MAX_LOGIN));
    if (!found) throw new NotFoundError(`no user pool "${poolId}"`);
    const { pool, user } = found;
    const keys = poolSignInKeys(pool.row.id, user, login, origin.ip);
    // The worker first: when hashing is at its limit the refusal costs no attempt.
    const lease = await this.passwords.lease();
    let ticket: Ticket;
    let ok: boolean;
    try {
      ticket = await this.guard.reserve(keys);
      const usable = login.length <= MAX_LOGIN && password.length <= MAX_PASSWORD;
      ok = await lease.verify(
        usable ? password : '',
        usable ? (user?.password_hash ?? null) : null,
        'argon2id',
      );
      ok &&= usable;
    } finally {
      lease.release();
    }
    if (!user || !ok || user.enabled !== 1) {
      this.guard.failed(ticket);
      throw new InvalidCredentialsError();
    }
    await this.guard.succeeded(ticket);
    await this.srp?.fill(pool, user, password);
    return signInOutcome(pool, user);
  }
}

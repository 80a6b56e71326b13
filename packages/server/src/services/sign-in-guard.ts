import type { Clock } from '../clock.js';
import type { AttemptPolicy, SignInLimits } from '../config.js';
import { sha256Base64url } from '../crypto/secrets.js';
import type { Db, TransactionOptions } from '../store/db.js';
import {
  clearAttempts,
  purgeAttempts,
  refundAttempt,
  reserveAttempt,
} from '../store/repos/sign-in-attempts.js';
import { LockedError } from './errors.js';

/**
 * A sign-in's counters are written before its answer, as every write is, but the event loop does
 * not wait for the disk meanwhile: a flood of sign-ins must not stall the token path. What
 * another request may read before the flush is only ever stricter (a count, a lock) or a count
 * put back, so nothing is granted on a write that a power cut could undo.
 */
const OFF_LOOP: TransactionOptions = { syncOffLoop: true };

/** Attempts taken for one sign-in, before its password is checked. */
export interface Keys {
  account: string;
  address: string | undefined;
}

export interface Ticket extends Keys {
  /** Set when this attempt locked the counter: a failure then answers 429. */
  accountLock: number | null;
  addressLock: number | null;
}

/** Locks this instance remembers, so a flood against a locked counter costs no store round trip. */
const REMEMBERED_LOCKS = 10_000;

/**
 * The sign-in lockout. Every attempt is counted in the store before its password is hashed,
 * once per account (by a hash of the normalised email, known or not, so both take the same
 * path) and once per client address, each with one atomic statement: concurrent guesses and
 * other instances cannot slip past the limit, and a lock holds even for the right password.
 */
export class SignInGuard {
  private readonly locks = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly limits: SignInLimits,
  ) {}

  /** Keys for this sign-in; refuses at once when either counter is already known to be locked. */
  keysFor(email: string, ip: string | null): Keys {
    const account = `account:${sha256Base64url(email.trim().toLowerCase())}`;
    const address = this.limits.address && ip ? `address:${ip}` : undefined;
    const now = this.clock.now();
    for (const key of [address, account]) {
      if (key === undefined) continue;
      const until = this.locks.get(key);
      if (until === undefined) continue;
      if (until > now) throw lockedFor(until, now);
      this.locks.delete(key);
    }
    return { account, address };
  }

  /** Takes one attempt from the address and one from the account, or throws LockedError. */
  async reserve(keys: Keys): Promise<Ticket> {
    const now = this.clock.now();
    const addressLock =
      keys.address !== undefined && this.limits.address
        ? await this.take(keys.address, now, this.limits.address)
        : null;
    const accountLock = await this.take(keys.account, now, this.limits.account);
    return { ...keys, accountLock, addressLock };
  }

  /** The password was wrong: the attempts stay counted. Throws LockedError when this one locked. */
  failed(ticket: Ticket): void {
    const until = Math.max(ticket.accountLock ?? 0, ticket.addressLock ?? 0);
    const now = this.clock.now();
    if (until > now) throw lockedFor(until, now);
  }

  /**
   * The password was right: the account starts over, and the address gets its attempt back,
   * with the lock that attempt set, so a person signing in does not lock out their neighbours.
   */
  async succeeded(ticket: Ticket): Promise<void> {
    this.locks.delete(ticket.account);
    await this.db.transaction((tx) => clearAttempts(tx, ticket.account), OFF_LOOP);
    if (ticket.address === undefined || !this.limits.address) return;
    if (ticket.addressLock !== null && this.locks.get(ticket.address) === ticket.addressLock) {
      this.locks.delete(ticket.address);
    }
    const { address, addressLock } = ticket;
    const limit = this.limits.address;
    await this.db.transaction((tx) => refundAttempt(tx, address, addressLock, limit), OFF_LOOP);
  }

  async purge(): Promise<void> {
    const windowMs = Math.max(this.limits.account.windowMs, this.limits.address?.windowMs ?? 0);
    await purgeAttempts(this.db, this.clock.now() - windowMs);
  }

  private async take(key: string, now: number, policy: AttemptPolicy): Promise<number | null> {
    const reservation = await this.db.transaction((tx) => reserveAttempt(tx, key, now, policy), OFF_LOOP);
    if (reservation.lockedUntil !== null) this.remember(key, reservation.lockedUntil);
    if (!reservation.allowed) throw lockedFor(reservation.lockedUntil, now);
    return reservation.lockedUntil;
  }

  private remember(key: string, until: number): void {
    if (this.locks.size >= REMEMBERED_LOCKS) {
      const now = this.clock.now();
      for (const [k, v] of this.locks) if (v <= now) this.locks.delete(k);
      // Still full: forget the oldest; the store still holds every lock.
      const oldest = this.locks.keys().next();
      if (this.locks.size >= REMEMBERED_LOCKS && !oldest.done) this.locks.delete(oldest.value);
    }
    this.locks.set(key, until);
  }
}

function lockedFor(until: number, now: number): LockedError {
  return new LockedError(Math.max(1, Math.ceil((until - now) / 1000)));
}

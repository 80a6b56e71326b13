import { createHmac, randomInt } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import {
  consumePoolUserCode,
  findPoolUserCode,
  type PoolCodePurpose,
  putPoolUserCode,
  takePoolCodeAttempt,
} from '../../store/repos/pool-user-codes.js';
import { ServiceError } from '../errors.js';

export type { PoolCodePurpose } from '../../store/repos/pool-user-codes.js';

/** Cognito's lifetimes: a day to confirm a sign-up, an hour to reset a password. */
export const CODE_LIFETIME_MS: Readonly<Record<PoolCodePurpose, number>> = {
  confirm_sign_up: 24 * 3600_000,
  reset_password: 3600_000,
};
/** Guesses per code: a million codes and five tries leave one chance in 200,000. */
export const CODE_ATTEMPTS = 5;

export type CodeRefusal = 'mismatch' | 'expired' | 'too_many_attempts';

const MESSAGES: Record<CodeRefusal, string> = {
  mismatch: 'the code is wrong',
  expired: 'the code has expired or was used; ask for a new one',
  too_many_attempts: 'the code was tried too many times; ask for a new one',
};

/** A code was refused; `reason` tells the Cognito wire which exception to name. */
export class PoolCodeError extends ServiceError {
  constructor(readonly reason: CodeRefusal) {
    super('invalid_code', MESSAGES[reason]);
  }
}

/**
 * Six-digit codes sent by email to confirm a sign-up or reset a password. Only an HMAC of the
 * code is stored, keyed from the master key: a million codes would fall to a plain hash at
 * once, but not without the key. A code is single use, expires, and allows a few attempts,
 * each counted in the store before the code is compared.
 */
export class UserCodeService {
  private readonly key: Buffer;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    masterKey: Buffer,
  ) {
    this.key = createHmac('sha256', masterKey).update('gatehouse pool user codes').digest();
  }

  /** A new code, replacing any earlier one for the same purpose. Returned once, for the message. */
  async issue(sub: string, purpose: PoolCodePurpose): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock.now();
    await putPoolUserCode(this.db, {
      sub,
      purpose,
      code_hash: this.hash(sub, purpose, code),
      expires_at: now + CODE_LIFETIME_MS[purpose],
      attempts: 0,
      created_at: now,
    });
    return code;
  }

  /**
   * A new code, unless one for the same purpose was issued less than `minIntervalMs` ago:
   * undefined then, so a resend button cannot be used to flood someone's mailbox.
   */
  async issueUnlessRecent(
    sub: string,
    purpose: PoolCodePurpose,
    minIntervalMs: number,
  ): Promise<string | undefined> {
    const last = await findPoolUserCode(this.db, sub, purpose);
    if (last && this.clock.now() - last.created_at < minIntervalMs) return undefined;
    return this.issue(sub, purpose);
  }

  /**
   * Spends the code when it matches; throws PoolCodeError otherwise. Each step commits on its
   * own, never inside the caller's transaction: a refusal that rolled back would give the
   * attempt back.
   */
  async spend(sub: string, purpose: PoolCodePurpose, code: string): Promise<void> {
    const now = this.clock.now();
    if (!(await takePoolCodeAttempt(this.db, sub, purpose, CODE_ATTEMPTS, now))) {
      const row = await findPoolUserCode(this.db, sub, purpose);
      throw new PoolCodeError(
        row && row.expires_at > now && row.attempts >= CODE_ATTEMPTS ? 'too_many_attempts' : 'expired',
      );
    }
    const presented = /^\d{6}$/.test(code) ? code : '';
    if (!(await consumePoolUserCode(this.db, sub, purpose, this.hash(sub, purpose, presented), now))) {
      // Spent by a request that raced this one: it is gone, not wrong.
      throw new PoolCodeError((await findPoolUserCode(this.db, sub, purpose)) ? 'mismatch' : 'expired');
    }
  }

  private hash(sub: string, purpose: PoolCodePurpose, code: string): string {
    return createHmac('sha256', this.key).update(`${sub}\n${purpose}\n${code}`).digest('base64url');
  }
}

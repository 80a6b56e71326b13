import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { safeEqual } from '../../crypto/safe-equal.js';

/** Why a code was sent; a user has at most one live code per purpose. */
export type CodePurpose = 'confirm_sign_up' | 'reset_password';

const HOUR_MS = 3_600_000;
/** How long a code lives: a sign-up waits for someone to open their mail, a reset is urgent and sensitive. */
export const CODE_TTL_MS: Readonly<Record<CodePurpose, number>> = {
  confirm_sign_up: 24 * HOUR_MS,
  reset_password: HOUR_MS,
};
/** Wrong guesses a code survives; the next guess finds it dead. 5 in a million, per code. */
export const MAX_CODE_ATTEMPTS = 5;

/** A row of pool_user_codes. */
export interface StoredUserCode {
  sub: string;
  purpose: CodePurpose;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

/** The four statements the code service needs from the store (pool_user_codes, migration v9). */
export interface UserCodeRepo {
  /** Inserts, or replaces the user's code for this purpose (attempts start over at the given value). */
  upsert(code: StoredUserCode): Promise<void>;
  find(sub: string, purpose: CodePurpose): Promise<StoredUserCode | undefined>;
  /**
   * One conditional UPDATE: `SET attempts = attempts + 1 WHERE sub = ? AND purpose = ? AND
   * code_hash = ? AND attempts < ?`. True when it counted, false when the code is gone, was
   * replaced, or had no attempts left, so concurrent guesses can never pass `maxAttempts`.
   */
  incrementAttempts(
    sub: string,
    purpose: CodePurpose,
    codeHash: string,
    maxAttempts: number,
  ): Promise<boolean>;
  /** `DELETE ... WHERE sub = ? AND purpose = ?` (and `AND code_hash = ?` when given). True when a row went. */
  delete(sub: string, purpose: CodePurpose, codeHash?: string): Promise<boolean>;
}

export type CodeCheck =
  | { ok: true }
  /** `missing`: no code (never sent, used, or replaced); `exhausted`: too many wrong guesses. */
  | { ok: false; reason: 'missing' | 'mismatch' | 'expired' | 'exhausted' };

const CODE_PATTERN = /^\d{6}$/;

/**
 * 6-digit codes sent by mail to confirm a sign-up or reset a password: single use, expiring,
 * with a few attempts, replaced when resent. The store keeps HMAC-SHA256(key, purpose, sub, code)
 * with a key derived from the master key, not SHA-256 of code and sub: a million codes are
 * hashed in a second, so with the sub beside the hash in the same row a plain hash would hand
 * every live code to whoever reads a backup. The key is not in the store, and binding the sub
 * and purpose means a hash copied to another row or purpose matches nothing.
 */
export class UserCodeService {
  private readonly key: Buffer;

  constructor(
    private readonly repo: UserCodeRepo,
    private readonly clock: Clock,
    masterKey: Buffer,
  ) {
    this.key = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gatehouse pool user codes v1', 32),
    );
  }

  /** A new code for the user, replacing any earlier one. The caller mails it and forgets it. */
  async issue(sub: string, purpose: CodePurpose): Promise<{ code: string; expiresAt: number }> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.clock.now();
    const expiresAt = now + CODE_TTL_MS[purpose];
    await this.repo.upsert({
      sub,
      purpose,
      codeHash: this.hash(sub, purpose, code),
      expiresAt,
      attempts: 0,
      createdAt: now,
    });
    return { code, expiresAt };
  }

  /** Checks a presented code; a right one is used up, a wrong one costs an attempt. */
  async check(sub: string, purpose: CodePurpose, presented: string): Promise<CodeCheck> {
    const stored = await this.repo.find(sub, purpose);
    if (stored === undefined) return { ok: false, reason: 'missing' };
    if (this.clock.now() >= stored.expiresAt) {
      await this.repo.delete(sub, purpose, stored.codeHash);
      return { ok: false, reason: 'expired' };
    }
    // Count the attempt before comparing: a guess that cannot be counted is not compared.
    if (!(await this.repo.incrementAttempts(sub, purpose, stored.codeHash, MAX_CODE_ATTEMPTS))) {
      const now = await this.repo.find(sub, purpose);
      return { ok: false, reason: now?.codeHash === stored.codeHash ? 'exhausted' : 'missing' };
    }
    const wellFormed = typeof presented === 'string' && CODE_PATTERN.test(presented);
    const matches = safeEqual(this.hash(sub, purpose, wellFormed ? presented : ''), stored.codeHash);
    if (!matches || !wellFormed) {
      return { ok: false, reason: 'mismatch' };
    }
    // Conditional on the hash: of two requests with the right code, only one consumes it.
    return (await this.repo.delete(sub, purpose, stored.codeHash))
      ? { ok: true }
      : { ok: false, reason: 'missing' };
  }

  /** Drops a pending code, e.g. when an admin confirms the user directly. */
  async discard(sub: string, purpose: CodePurpose): Promise<void> {
    await this.repo.delete(sub, purpose);
  }

  private hash(sub: string, purpose: CodePurpose, code: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\n${sub}\n${code}`, 'utf8').digest('base64url');
  }
}

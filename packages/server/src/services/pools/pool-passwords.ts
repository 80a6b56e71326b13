import { readFileSync } from 'node:fs';
import { customIssue, type ValidationIssue } from '@gatehouse/schemas';
import { HasherBusyError, type HasherLease, type PasswordHasher } from '../../crypto/password-hasher.js';
import { TooBusyError, ValidationError } from '../errors.js';
import type { SrpOwner, SrpVerifiers } from './srp-verifiers.js';

/** Shipped in the package (package.json "files"); from dist/src/services/pools/ up to the package. */
export const COMMON_PASSWORDS_FILE = new URL('../../../../data/common-passwords.txt', import.meta.url);

/** How long a caller refused by the hashing limit should wait: a hash or two takes well under this. */
const BUSY_RETRY_S = 1;

let common: ReadonlySet<string> | undefined;

/** The bundled list, read once on first use (about 20,000 entries, lower-cased). */
export function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  );
  return common;
}

export interface PasswordContext {
  minLength: number;
  /**
   * False only for pools that chose to allow guessable passwords (test pools, the lab's
   * `student`/`student`): then neither the common list nor the own-name rule applies.
   */
  refuseCommon?: boolean | undefined;
  username?: string | undefined;
  email?: string | null | undefined;
}

/**
 * A pool's password rules, NIST SP 800-63B §5.1.1.2: a length, no composition rules, and
 * nothing from a list of common passwords or the account's own names. Returns every problem.
 */
export function passwordIssues(
  password: string,
  context: PasswordContext,
  field = 'password',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // Counted as people see them: "é" is one character however it was typed.
  const length = [...password.normalize('NFC')].length;
  if (length < context.minLength) {
    issues.push(customIssue(field, `must be at least ${context.minLength} characters`));
  }
  const folded = password.normalize('NFC').toLowerCase();
  if (context.refuseCommon !== false && commonPasswords().has(folded)) {
    issues.push(
      customIssue(field, 'is one of the most common passwords; choose one that is harder to guess'),
    );
  }
  const names = [context.username, context.email ?? undefined].filter((n): n is string => !!n);
  if (
    context.refuseCommon !== false &&
    names.some((name) => name.normalize('NFC').toLowerCase() === folded)
  ) {
    issues.push(customIssue(field, 'must not be the username or email'));
  }
  return issues;
}

export function requireGoodPassword(password: string, context: PasswordContext, field = 'password'): void {
  const issues = passwordIssues(password, context, field);
  if (issues.length > 0) throw new ValidationError(issues);
}

/** What a user row keeps of a password: its argon2id hash, and its sealed SRP verifier. */
export interface StoredPassword {
  hash: string;
  /** Null where SRP is not set up (a PoolPasswords made without verifiers). */
  srpVerifier: string | null;
}

/**
 * argon2id hashing and checking of pool users' passwords, on the shared PasswordHasher's
 * worker threads and under its limits, so pool sign-ins and portal sign-ins share one budget.
 */
export class PoolPasswords {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly srp?: SrpVerifiers,
  ) {}

  /**
   * Everything a new password is stored as: every place that sets a pool user's password comes
   * here, so USER_SRP_AUTH works with whichever password was set last, however it was set.
   */
  async protect(password: string, owner: SrpOwner): Promise<StoredPassword> {
    const hash = await this.hash(password);
    return { hash, srpVerifier: this.srp?.create(owner, password) ?? null };
  }

  async hash(password: string): Promise<string> {
    try {
      return await this.hasher.hash(password, 'argon2id');
    } catch (error) {
      if (error instanceof HasherBusyError) throw new TooBusyError(BUSY_RETRY_S);
      throw error;
    }
  }

  /**
   * A worker reserved before the attempt is counted, so that a refusal comes first and costs
   * nothing else; the caller releases it.
   */
  async lease(): Promise<HasherLease> {
    try {
      return await this.hasher.lease();
    } catch (error) {
      if (error instanceof HasherBusyError) throw new TooBusyError(BUSY_RETRY_S);
      throw error;
    }
  }

  /**
   * Checks a password against a stored hash, or against a stand-in when there is no user or
   * no password: the same work, so the answer's timing does not tell whether the user exists.
   */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const lease = await this.lease();
    try {
      return await lease.verify(password, stored, 'argon2id');
    } finally {
      lease.release();
    }
  }
}

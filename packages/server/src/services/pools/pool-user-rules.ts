import { customIssue, type PoolSettings, type ValidationIssue } from '@gatehouse/schemas';
import type { Db } from '../../store/db.js';
import { findPoolUserByUsername, findPoolUsersByEmail } from '../../store/repos/pool-users.js';
import { lockUserPool } from '../../store/repos/user-pools.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { emailKey, usernameKey } from './pool-user-lookup.js';

/** Every attribute the pool requires must be there and not blank; `email` is its own field. */
export function requiredAttributeIssues(
  settings: PoolSettings,
  email: string | null | undefined,
  attributes: Readonly<Record<string, string>>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // Where people sign in with their email, a user without one could never sign in.
  const required = new Set(settings.requiredAttributes);
  if (settings.signInWith === 'email') required.add('email');
  for (const name of required) {
    if (name === 'email') {
      if (!email) issues.push(customIssue('email', 'is required in this user pool'));
    } else if (!attributes[name]?.trim()) {
      issues.push(customIssue(`attributes.${name}`, 'is required in this user pool'));
    }
  }
  return issues;
}

export function requireAttributes(
  settings: PoolSettings,
  email: string | null | undefined,
  attributes: Readonly<Record<string, string>>,
): void {
  const issues = requiredAttributeIssues(settings, email, attributes);
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Inside the transaction that writes the user: the username is free, and in a pool where
 * people sign in with their email, so is the email. The pool's row lock makes the email
 * check safe against a concurrent sign-up; the username has its unique index as well.
 */
export async function requireFreeNames(
  tx: Db,
  settings: PoolSettings,
  poolId: string,
  names: { sub: string; username: string; email: string | null | undefined },
): Promise<void> {
  if (!(await lockUserPool(tx, poolId))) throw new NotFoundError(`no user pool "${poolId}"`);
  const sameName = await findPoolUserByUsername(tx, poolId, usernameKey(names.username));
  if (sameName && sameName.sub !== names.sub) {
    throw new ConflictError(`user pool "${poolId}" already has a user "${names.username}"`);
  }
  if (settings.signInWith !== 'email' || !names.email) return;
  const sameEmail = (await findPoolUsersByEmail(tx, poolId, emailKey(names.email))).filter(
    (u) => u.sub !== names.sub,
  );
  if (sameEmail.length > 0) {
    throw new ConflictError(
      `user pool "${poolId}" already has a user with email ${names.email}; people sign in with their email there`,
    );
  }
}

import type { PoolUser } from '@gatehouse/schemas';
import { NotFoundError } from '../../services/errors.js';
import { userNotFound } from '../errors.js';
import { NAME_PATTERN, str } from '../input.js';
import { signedPool } from '../management/signed-pool.js';
import type { CognitoContext } from '../operation.js';

export const groupNameField = () => str(1, 128, NAME_PATTERN);

export const userDoesNotExist = () => userNotFound('User does not exist.');

/**
 * The user an admin operation names: by username (any case) or sub, or by email where people
 * sign in with it (Cognito's alias), in a pool the key reaches.
 */
export async function adminUser(ctx: CognitoContext, poolId: string, username: string): Promise<PoolUser> {
  await signedPool(ctx, poolId);
  const found = await ctx.gatehouse.poolUsers.findForSignIn(poolId, username);
  if (!found?.user) throw userDoesNotExist();
  const { sub } = found.user;
  return onUser(() => ctx.gatehouse.poolUsers.get(poolId, sub, ctx.actor));
}

/** Runs a change on a user found a moment ago: one deleted in between is still "no such user". */
export async function onUser<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof NotFoundError) throw userDoesNotExist();
    throw error;
  }
}

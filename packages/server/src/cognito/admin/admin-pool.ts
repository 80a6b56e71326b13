import type { PoolUser, UserPool } from '@gatehouse/schemas';
import { ForbiddenError, NotFoundError } from '../../services/errors.js';
import { noSuchPool, userNotFound } from '../errors.js';
import { NAME_PATTERN, POOL_ID_PATTERN, str } from '../input.js';
import type { CognitoContext } from '../operation.js';

/**
 * The pool a signed request names. A pool the access key cannot reach answers as one that does
 * not exist, as Cognito answers for a pool in another account: a key learns nothing of other teams.
 */
export async function adminPool(ctx: CognitoContext, poolId: string): Promise<UserPool> {
  try {
    return await ctx.gatehouse.userPools.get(poolId, ctx.actor);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) throw noSuchPool(poolId);
    throw error;
  }
}

/** UserPoolId as Cognito's model declares it. */
export const userPoolIdField = () => str(1, 55, POOL_ID_PATTERN);
export const groupNameField = () => str(1, 128, NAME_PATTERN);

export const userDoesNotExist = () => userNotFound('User does not exist.');

/**
 * The user an admin operation names: by username (any case) or sub, or by email where people
 * sign in with it (Cognito's alias), in a pool the key reaches.
 */
export async function adminUser(ctx: CognitoContext, poolId: string, username: string): Promise<PoolUser> {
  await adminPool(ctx, poolId);
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

import type { UserPool } from '@gatehouse/schemas';
import { ForbiddenError, NotFoundError } from '../../services/errors.js';
import { noSuchPool } from '../errors.js';
import type { CognitoContext } from '../operation.js';

/**
 * The pool a signed call names, when its key reaches it. Another team's pool is as unknown as
 * one that does not exist: a key learns nothing about pools beyond its team's.
 */
export async function signedPool(ctx: CognitoContext, poolId: string): Promise<UserPool> {
  try {
    return await ctx.gatehouse.userPools.get(poolId, ctx.actor);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) throw noSuchPool(poolId);
    throw error;
  }
}

/** Epoch seconds, as Cognito's JSON carries timestamps and the SDKs read them. */
export const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;

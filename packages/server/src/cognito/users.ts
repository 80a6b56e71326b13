import type { PoolUserRow } from '../store/repos/pool-users.js';
import type { PoolRecord } from '../services/pools/pool-access.js';
import { type CognitoError, INCORRECT_CREDENTIALS, notAuthorized, userNotFound } from './errors.js';
import type { CognitoContext } from './operation.js';

/**
 * The error for a user who does not exist: UserNotFoundException, or the wrong-password answer
 * where the pool prevents user-existence errors (Cognito's PreventUserExistenceErrors).
 */
export function noSuchUser(pool: PoolRecord): CognitoError {
  return pool.settings.preventUserExistenceErrors
    ? notAuthorized(INCORRECT_CREDENTIALS)
    : userNotFound('User does not exist.');
}

/** The user a request names: by username, by sub, or by email where people sign in with it. */
export async function findUser(
  ctx: CognitoContext,
  pool: PoolRecord,
  username: string,
): Promise<PoolUserRow | undefined> {
  const found = await ctx.gatehouse.poolUsers.findForSignIn(pool.row.id, username);
  return found?.user;
}

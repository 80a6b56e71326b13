import type { PoolUserRow } from '../store/repos/pool-users.js';
import type { PoolRecord } from '../services/pools/pool-access.js';
import { type ClientAtPool, appClientOf, requireSecretHash } from './app-client.js';
import {
  codeMismatch,
  type CognitoError,
  INCORRECT_CREDENTIALS,
  notAuthorized,
  userNotFound,
} from './errors.js';
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

/**
 * A public call about a user (codes, resets): the app client it names, its SECRET_HASH checked
 * against the username, and the user, if there is one.
 */
export async function clientAndUser(
  ctx: CognitoContext,
  body: { ClientId: string; SecretHash?: string | undefined; Username: string },
): Promise<{ at: ClientAtPool; user: PoolUserRow | undefined }> {
  const at = await appClientOf(ctx, body.ClientId);
  await requireSecretHash(ctx, at.client, body.SecretHash, [body.Username]);
  return { at, user: await findUser(ctx, at.pool, body.Username) };
}

/** A code for a user who does not exist: a wrong code where the pool hides who has an account. */
export function noUserForCode(pool: PoolRecord): CognitoError {
  return pool.settings.preventUserExistenceErrors
    ? codeMismatch('Invalid verification code provided, please try again.')
    : userNotFound('Username/client id combination not found.');
}

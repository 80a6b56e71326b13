import type { PoolUserRow } from '../../../store/repos/pool-users.js';
import { InvalidCredentialsError } from '../../../services/errors.js';
import type { ClientAtPool } from '../../app-client.js';
import { userNotConfirmed } from '../../errors.js';
import type { CognitoContext } from '../../operation.js';
import { signInTokens } from '../../tokens.js';
import { findUser, noSuchUser } from '../../users.js';
import { newPasswordChallenge } from './new-password-challenge.js';

/**
 * Signs in with a username and password (USER_PASSWORD_AUTH, and ADMIN_USER_PASSWORD_AUTH for
 * the admin operation): PoolSignIn's lockout and uniform refusal, then tokens, or the
 * NEW_PASSWORD_REQUIRED challenge for a temporary password.
 */
export async function passwordSignIn(
  ctx: CognitoContext,
  at: ClientAtPool,
  username: string,
  password: string,
): Promise<object> {
  let user: PoolUserRow;
  let next: string;
  try {
    const outcome = await ctx.gatehouse.poolSignIn.signIn(at.pool.row.id, username, password, ctx.origin);
    user = outcome.user;
    next = outcome.next;
  } catch (error) {
    // The pool chose to tell unknown users apart; it costs one more read, only on refusals.
    if (
      error instanceof InvalidCredentialsError &&
      !at.pool.settings.preventUserExistenceErrors &&
      !(await findUser(ctx, at.pool, username))
    ) {
      throw noSuchUser(at.pool);
    }
    throw error;
  }
  if (next === 'confirm') throw userNotConfirmed('User is not confirmed.');
  if (next === 'new-password') return newPasswordChallenge(ctx, at, user);
  return signInTokens(ctx, at, user);
}

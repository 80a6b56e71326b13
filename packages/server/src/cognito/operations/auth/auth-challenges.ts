import { NotFoundError } from '../../../services/errors.js';
import { requireSecretHash, type ClientAtPool } from '../../app-client.js';
import { notAuthorized } from '../../errors.js';
import type { CognitoContext } from '../../operation.js';
import { signInTokens } from '../../tokens.js';
import { requireParameter } from './auth-parameters.js';
import { openNewPasswordSession } from './new-password-challenge.js';

/** One RespondToAuthChallenge challenge: checks the answer, and signs in or asks the next question. */
export type AuthChallenge = (
  ctx: CognitoContext,
  at: ClientAtPool,
  responses: Readonly<Record<string, string>> | undefined,
  session: string | undefined,
) => Promise<object>;

const expired = () => notAuthorized('Invalid session for the user, session is expired.');

/** The person's own password in place of the temporary one; then they are signed in. */
const newPasswordRequired: AuthChallenge = async (ctx, at, responses, session) => {
  const pending = openNewPasswordSession(ctx, at, session);
  const username = requireParameter(responses, 'USERNAME');
  const password = requireParameter(responses, 'NEW_PASSWORD');
  await requireSecretHash(ctx, at.client, responses?.SECRET_HASH, [username]);
  if (username.toLowerCase() !== pending.username.toLowerCase() && username !== pending.sub) throw expired();
  let user;
  try {
    user = await ctx.gatehouse.poolSelfService.completeNewPassword(
      at.pool.row.id,
      pending.sub,
      pending.changedAt,
      password,
      ctx.actor,
    );
  } catch (error) {
    if (error instanceof NotFoundError) throw expired();
    throw error;
  }
  return signInTokens(ctx, at, user);
};

/** RespondToAuthChallenge's challenges by ChallengeName; the ones missing here are refused as unsupported. */
export const AUTH_CHALLENGES: Map<string, AuthChallenge> = new Map([
  ['NEW_PASSWORD_REQUIRED', newPasswordRequired],
]);

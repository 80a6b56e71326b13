import { InvalidCredentialsError } from '../../../services/errors.js';
import { SrpClaimError, SrpUnknownUserError } from '../../../services/pools/srp-sign-in.js';
import type { PoolSignInOutcome } from '../../../services/pools/pool-sign-in.js';
import { requireSecretHash } from '../../app-client.js';
import { INCORRECT_CREDENTIALS, notAuthorized, userNotConfirmed } from '../../errors.js';
import { signInTokens } from '../../tokens.js';
import { noSuchUser } from '../../users.js';
import type { AuthChallenge } from './auth-challenges.js';
import type { AuthFlow } from './auth-flows.js';
import { requireParameter } from './auth-parameters.js';
import { newPasswordChallenge } from './new-password-challenge.js';

/**
 * USER_SRP_AUTH: the client sends SRP_A, Gatehouse answers PASSWORD_VERIFIER with its salt,
 * B and a SECRET_BLOCK. Like Cognito, no Session: the SECRET_BLOCK carries the exchange.
 */
export const userSrp: AuthFlow = {
  allowedBy: 'USER_SRP_AUTH',
  async start(ctx, at, parameters) {
    const username = requireParameter(parameters, 'USERNAME');
    const srpA = requireParameter(parameters, 'SRP_A');
    await requireSecretHash(ctx, at.client, parameters?.SECRET_HASH, [username]);
    try {
      const challenge = await ctx.gatehouse.poolSrp.challenge(
        at.pool.row.id,
        at.client.clientId,
        username,
        srpA,
      );
      return {
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeParameters: {
          SALT: challenge.salt,
          SECRET_BLOCK: challenge.secretBlock,
          SRP_B: challenge.srpB,
          USERNAME: challenge.userId,
          USER_ID_FOR_SRP: challenge.userId,
        },
      };
    } catch (error) {
      if (error instanceof SrpUnknownUserError) throw noSuchUser(at.pool);
      throw error;
    }
  },
};

/**
 * PASSWORD_VERIFIER: the client's signature over the SECRET_BLOCK proves the password. A
 * forged, replayed or expired block and a bad timestamp get the wrong-password answer, as in
 * Cognito; then tokens, or NEW_PASSWORD_REQUIRED for a temporary password.
 */
export const passwordVerifier: AuthChallenge = async (ctx, at, responses) => {
  const username = requireParameter(responses, 'USERNAME');
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  await requireSecretHash(ctx, at.client, responses?.SECRET_HASH, [username]);
  let outcome: PoolSignInOutcome;
  try {
    outcome = await ctx.gatehouse.poolSrp.verify(
      at.pool.row.id,
      at.client.clientId,
      { username, secretBlock, signature, timestamp },
      ctx.origin,
    );
  } catch (error) {
    if (error instanceof SrpClaimError || error instanceof InvalidCredentialsError) {
      throw notAuthorized(INCORRECT_CREDENTIALS);
    }
    throw error;
  }
  if (outcome.next === 'confirm') throw userNotConfirmed('User is not confirmed.');
  if (outcome.next === 'new-password') return newPasswordChallenge(ctx, at, outcome.user);
  return signInTokens(ctx, at, outcome.user);
};

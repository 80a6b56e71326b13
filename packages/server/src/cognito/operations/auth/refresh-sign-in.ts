import { HttpError } from '../../../http/errors.js';
import { type ClientAtPool, requireSecretHash } from '../../app-client.js';
import { notAuthorized } from '../../errors.js';
import type { CognitoContext } from '../../operation.js';
import { authenticationResult } from '../../tokens.js';
import { requireParameter } from './auth-parameters.js';

const invalidRefreshToken = () => notAuthorized('Invalid Refresh Token');

/**
 * REFRESH_TOKEN_AUTH: new tokens from a refresh token, with the family's rotation and reuse
 * rules. For a client with a secret, SECRET_HASH is computed over the user's username or sub.
 * The answer carries a refresh token only when rotation issued a new one.
 */
export async function refreshSignIn(
  ctx: CognitoContext,
  at: ClientAtPool,
  parameters: Readonly<Record<string, string>> | undefined,
): Promise<object> {
  const refreshToken = requireParameter(parameters, 'REFRESH_TOKEN');
  if (refreshToken.length > 1024) throw invalidRefreshToken();
  if (!at.client.public) {
    const owner = await ctx.pools.grants.refreshTokenOwner(at.pool.row.id, refreshToken);
    const names = owner ? [owner.username, owner.sub] : [''];
    await requireSecretHash(ctx, at.client, parameters?.SECRET_HASH, names);
    if (!owner) throw invalidRefreshToken();
  }
  try {
    const tokens = await ctx.pools.grants.refresh({
      pool: at.pool,
      client: at.client,
      refreshToken,
      scope: undefined,
    });
    return { AuthenticationResult: authenticationResult(tokens), ChallengeParameters: {} };
  } catch (error) {
    if (error instanceof HttpError && error.error === 'invalid_grant') throw invalidRefreshToken();
    throw error;
  }
}

import { single } from '../form-request.js';
import { type PoolGrant, poolTokenResponse } from './pool-grant-context.js';

/**
 * RFC 6749 §4.4 at a user pool's token endpoint, as Cognito answers it: a confidential app
 * client with the client_credentials flow gets a token for its own resource server scopes.
 */
export const poolClientCredentials: PoolGrant = {
  grantType: 'client_credentials',
  flow: 'client_credentials',
  parameters: new Set(['scope']),
  async handler(ctx, client) {
    const result = await ctx.grants.clientCredentials({
      pool: ctx.pool,
      client,
      scope: single(ctx.params, 'scope'),
    });
    return poolTokenResponse(result);
  },
};

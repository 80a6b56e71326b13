import { single } from '../form-request.js';
import { InvalidRequest } from '../errors.js';
import { type PoolGrant, poolTokenResponse } from './pool-grant-context.js';

/** RFC 6749 §6 at a user pool's token endpoint: rotation, reuse detection, scope only narrows. */
export const refreshToken: PoolGrant = {
  grantType: 'refresh_token',
  flow: 'code',
  parameters: new Set(['refresh_token', 'scope']),
  async handler(ctx, client) {
    const token = single(ctx.params, 'refresh_token');
    if (token === undefined) throw new InvalidRequest('refresh_token is required');
    const result = await ctx.grants.refresh({
      pool: ctx.pool,
      client,
      refreshToken: token,
      scope: single(ctx.params, 'scope'),
    });
    return poolTokenResponse(result);
  },
};

import { single } from '../form-request.js';
import { InvalidRequest } from '../errors.js';
import { type PoolGrant, poolTokenResponse } from './pool-grant-context.js';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5), at a user pool's token endpoint. */
export const authorizationCode: PoolGrant = {
  grantType: 'authorization_code',
  flow: 'code',
  parameters: new Set(['code', 'redirect_uri', 'code_verifier']),
  async handler(ctx, client) {
    const code = single(ctx.params, 'code');
    if (code === undefined) throw new InvalidRequest('code is required');
    const redirectUri = single(ctx.params, 'redirect_uri');
    if (redirectUri === undefined) throw new InvalidRequest('redirect_uri is required');
    const result = await ctx.grants.redeemCode({
      pool: ctx.pool,
      client,
      code,
      redirectUri,
      codeVerifier: single(ctx.params, 'code_verifier'),
    });
    return poolTokenResponse(result);
  },
};

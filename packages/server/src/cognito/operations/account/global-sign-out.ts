import { z } from 'zod';
import { requireAccessToken } from '../../access-token.js';
import { accessTokenField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({ AccessToken: accessTokenField() });

/**
 * Signs the person out everywhere: every hosted-page session and refresh token ends, and the
 * access tokens of their sign-ins no longer call these operations.
 */
export const globalSignOut = defineOperation({
  name: 'GlobalSignOut',
  signed: false,
  input,
  async handle(body, ctx) {
    const { pool, user } = await requireAccessToken(ctx, body.AccessToken);
    await ctx.gatehouse.poolSelfService.signOutEverywhere(pool.row.id, user.sub, ctx.actor);
    return {};
  },
});

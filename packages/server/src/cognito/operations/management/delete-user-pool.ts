import { z } from 'zod';
import { signedPool } from '../../management/signed-pool.js';
import { defineOperation } from '../../operation.js';
import { poolIdField } from '../../management/fields.js';

/** Its users, app clients, groups, sessions and refresh tokens go with it. */
export const deleteUserPool = defineOperation({
  name: 'DeleteUserPool',
  signed: true,
  input: z.object({ UserPoolId: poolIdField() }),
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    await ctx.gatehouse.userPools.delete(pool.id, ctx.actor);
    return {};
  },
});

import { z } from 'zod';
import { adminUser, onUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

/** The user goes with their codes, groups, sessions and refresh tokens. */
export const adminDeleteUser = defineOperation({
  name: 'AdminDeleteUser',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Username: usernameField() }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    await onUser(() => ctx.gatehouse.poolUsers.delete(body.UserPoolId, user.sub, ctx.actor));
    return {};
  },
});

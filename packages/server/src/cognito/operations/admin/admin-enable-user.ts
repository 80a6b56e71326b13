import { z } from 'zod';
import { adminUser, onUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

export const adminEnableUser = defineOperation({
  name: 'AdminEnableUser',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Username: usernameField() }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    await onUser(() => ctx.gatehouse.poolUsers.enable(body.UserPoolId, user.sub, ctx.actor));
    return {};
  },
});

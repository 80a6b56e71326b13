import { z } from 'zod';
import { adminUser, onUser, userPoolIdField } from '../../admin/admin-pool.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

export const adminEnableUser = defineOperation({
  name: 'AdminEnableUser',
  signed: true,
  input: z.object({ UserPoolId: userPoolIdField(), Username: usernameField() }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    await onUser(() => ctx.gatehouse.poolUsers.enable(body.UserPoolId, user.sub, ctx.actor));
    return {};
  },
});

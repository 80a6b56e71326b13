import { z } from 'zod';
import { adminUser, onUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

/**
 * Every session of the user ends and every refresh token is revoked, whichever way it was
 * issued (hosted pages or this wire). Access tokens already out live until they expire.
 */
export const adminUserGlobalSignOut = defineOperation({
  name: 'AdminUserGlobalSignOut',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Username: usernameField() }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    await onUser(() => ctx.gatehouse.poolUsers.signOut(body.UserPoolId, user.sub, ctx.actor));
    return {};
  },
});

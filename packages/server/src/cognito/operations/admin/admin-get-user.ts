import { z } from 'zod';
import { adminGetUserAnswer } from '../../admin/user-type.js';
import { adminUser, userPoolIdField } from '../../admin/admin-pool.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

export const adminGetUser = defineOperation({
  name: 'AdminGetUser',
  signed: true,
  input: z.object({ UserPoolId: userPoolIdField(), Username: usernameField() }),
  async handle(body, ctx) {
    return adminGetUserAnswer(await adminUser(ctx, body.UserPoolId, body.Username));
  },
});

import { z } from 'zod';
import { adminGetUserAnswer } from '../../admin/user-type.js';
import { adminUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

export const adminGetUser = defineOperation({
  name: 'AdminGetUser',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Username: usernameField() }),
  async handle(body, ctx) {
    return adminGetUserAnswer(await adminUser(ctx, body.UserPoolId, body.Username));
  },
});

import { z } from 'zod';
import { NotFoundError } from '../../../services/errors.js';
import { adminUser, groupNameField } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { resourceNotFound } from '../../errors.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

export const noSuchGroup = () => resourceNotFound('Group not found.');

/** Adding a user to a group they are in already changes nothing, as in Cognito. */
export const adminAddUserToGroup = defineOperation({
  name: 'AdminAddUserToGroup',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Username: usernameField(), GroupName: groupNameField() }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    try {
      await ctx.gatehouse.poolGroups.addUser(body.UserPoolId, body.GroupName, user.sub, ctx.actor);
    } catch (error) {
      // The user was found just now: what is missing is the group.
      if (error instanceof NotFoundError) throw noSuchGroup();
      throw error;
    }
    return {};
  },
});

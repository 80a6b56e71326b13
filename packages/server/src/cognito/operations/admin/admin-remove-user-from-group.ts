import { z } from 'zod';
import { NotFoundError } from '../../../services/errors.js';
import { adminUser, groupNameField } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { noSuchGroup } from './admin-add-user-to-group.js';

/** Removing a user from a group they are not in changes nothing and is no error, as in Cognito. */
export const adminRemoveUserFromGroup = defineOperation({
  name: 'AdminRemoveUserFromGroup',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Username: usernameField(), GroupName: groupNameField() }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    const groups = await ctx.gatehouse.poolGroups.list(body.UserPoolId, ctx.actor);
    if (!groups.some((g) => g.name === body.GroupName)) throw noSuchGroup();
    if (!user.groups.includes(body.GroupName)) return {};
    try {
      await ctx.gatehouse.poolGroups.removeUser(body.UserPoolId, body.GroupName, user.sub, ctx.actor);
    } catch (error) {
      // Removed (or the group deleted) since the read: the outcome the caller asked for.
      if (!(error instanceof NotFoundError)) throw error;
    }
    return {};
  },
});

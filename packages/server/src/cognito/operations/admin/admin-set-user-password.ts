import { z } from 'zod';
import { adminUser, onUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { passwordField, usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

/**
 * Permanent: CONFIRMED, signing in with it. Otherwise (Cognito's default) FORCE_CHANGE_PASSWORD:
 * the user chooses their own at the next sign-in. Either way their sessions and refresh tokens end.
 */
export const adminSetUserPassword = defineOperation({
  name: 'AdminSetUserPassword',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    Username: usernameField(),
    Password: passwordField(),
    Permanent: z.boolean().optional(),
  }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    await onUser(() =>
      ctx.gatehouse.poolUsers.setPassword(
        body.UserPoolId,
        user.sub,
        { password: body.Password, permanent: body.Permanent ?? false },
        ctx.actor,
      ),
    );
    return {};
  },
});

import { z } from 'zod';
import { emailDelivery } from '../../attributes.js';
import { invalidParameter, userNotFound } from '../../errors.js';
import { clientIdField, secretHashField, stringMapField, usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { clientAndUser } from '../../users.js';

const input = z.object({
  ClientId: clientIdField(),
  SecretHash: secretHashField(),
  Username: usernameField(),
  ClientMetadata: stringMapField(),
});

/** A reset code by mail, for an account that may reset its password. */
export const forgotPassword = defineOperation({
  name: 'ForgotPassword',
  signed: false,
  input,
  async handle(body, ctx) {
    const { at, user } = await clientAndUser(ctx, body);
    if (!user) {
      // Cognito answers as if a code went out, so the answer does not tell who has an account.
      if (at.pool.settings.preventUserExistenceErrors) return { CodeDeliveryDetails: emailDelivery('x@x') };
      throw userNotFound('Username/client id combination not found.');
    }
    if (!user.email) {
      throw invalidParameter(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    await ctx.gatehouse.poolSelfService.requestReset(at.pool.row.id, user.sub);
    return { CodeDeliveryDetails: emailDelivery(user.email) };
  },
});

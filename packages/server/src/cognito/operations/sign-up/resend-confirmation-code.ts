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

/**
 * A new confirmation code by mail. Asked again within a minute, no second mail goes out but the
 * answer is the same, so a resend button cannot flood a mailbox.
 */
export const resendConfirmationCode = defineOperation({
  name: 'ResendConfirmationCode',
  signed: false,
  input,
  async handle(body, ctx) {
    const { at, user } = await clientAndUser(ctx, body);
    if (!user) {
      if (at.pool.settings.preventUserExistenceErrors) return { CodeDeliveryDetails: emailDelivery('x@x') };
      throw userNotFound('Username/client id combination not found.');
    }
    if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
    if (!user.email) {
      throw invalidParameter('Cannot send a confirmation code: the user has no email address.');
    }
    await ctx.gatehouse.poolSelfService.sendConfirmation(at.pool.row.id, user.sub);
    return { CodeDeliveryDetails: emailDelivery(user.email) };
  },
});

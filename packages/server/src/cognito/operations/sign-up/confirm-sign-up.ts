import { z } from 'zod';
import { notAuthorized } from '../../errors.js';
import {
  clientIdField,
  confirmationCodeField,
  secretHashField,
  stringMapField,
  usernameField,
} from '../../input.js';
import { defineOperation } from '../../operation.js';
import { clientAndUser, noUserForCode } from '../../users.js';

const input = z.object({
  ClientId: clientIdField(),
  SecretHash: secretHashField(),
  Username: usernameField(),
  ConfirmationCode: confirmationCodeField(),
  ForceAliasCreation: z.boolean().optional(),
  ClientMetadata: stringMapField(),
});

/** The person confirms their sign-up with the mailed code: CONFIRMED, email verified. */
export const confirmSignUp = defineOperation({
  name: 'ConfirmSignUp',
  signed: false,
  input,
  async handle(body, ctx) {
    const { at, user } = await clientAndUser(ctx, body);
    if (!user) throw noUserForCode(at.pool);
    if (user.status !== 'UNCONFIRMED') {
      throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    }
    await ctx.gatehouse.poolUsers.confirmWithCode(at.pool.row.id, user.sub, body.ConfirmationCode, ctx.actor);
    return {};
  },
});

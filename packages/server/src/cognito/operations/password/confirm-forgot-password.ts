import { z } from 'zod';
import {
  clientIdField,
  confirmationCodeField,
  passwordField,
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
  Password: passwordField(),
  ClientMetadata: stringMapField(),
});

/** A new password with the mailed code; every session and refresh token of the user ends. */
export const confirmForgotPassword = defineOperation({
  name: 'ConfirmForgotPassword',
  signed: false,
  input,
  async handle(body, ctx) {
    const { at, user } = await clientAndUser(ctx, body);
    if (!user) throw noUserForCode(at.pool);
    await ctx.gatehouse.poolSelfService.resetWithCode(
      at.pool.row.id,
      user.sub,
      body.ConfirmationCode,
      body.Password,
      ctx.actor,
    );
    return {};
  },
});

import { z } from 'zod';
import { appClientOf, requireSecretHash } from '../../app-client.js';
import { codeMismatch, userNotFound } from '../../errors.js';
import {
  clientIdField,
  confirmationCodeField,
  passwordField,
  secretHashField,
  stringMapField,
  usernameField,
} from '../../input.js';
import { defineOperation } from '../../operation.js';
import { findUser } from '../../users.js';

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
    const at = await appClientOf(ctx, body.ClientId);
    await requireSecretHash(ctx, at.client, body.SecretHash, [body.Username]);
    const user = await findUser(ctx, at.pool, body.Username);
    if (!user) {
      throw at.pool.settings.preventUserExistenceErrors
        ? codeMismatch('Invalid verification code provided, please try again.')
        : userNotFound('Username/client id combination not found.');
    }
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

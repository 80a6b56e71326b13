import { z } from 'zod';
import { appClientOf, requireSecretHash } from '../../app-client.js';
import { codeMismatch, notAuthorized, userNotFound } from '../../errors.js';
import {
  clientIdField,
  confirmationCodeField,
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
  ForceAliasCreation: z.boolean().optional(),
  ClientMetadata: stringMapField(),
});

/** The person confirms their sign-up with the mailed code: CONFIRMED, email verified. */
export const confirmSignUp = defineOperation({
  name: 'ConfirmSignUp',
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
    if (user.status !== 'UNCONFIRMED') {
      throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    }
    await ctx.gatehouse.poolUsers.confirmWithCode(at.pool.row.id, user.sub, body.ConfirmationCode, ctx.actor);
    return {};
  },
});

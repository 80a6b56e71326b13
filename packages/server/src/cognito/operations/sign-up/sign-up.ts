import { z } from 'zod';
import { ConflictError, ForbiddenError } from '../../../services/errors.js';
import { usernameKey } from '../../../services/pools/pool-user-lookup.js';
import { emailDelivery, fromAttributeList } from '../../attributes.js';
import { appClientOf, requireSecretHash } from '../../app-client.js';
import { aliasExists, invalidParameter, notAuthorized, usernameExists } from '../../errors.js';
import {
  attributeListField,
  clientIdField,
  passwordField,
  secretHashField,
  stringMapField,
  usernameField,
} from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({
  ClientId: clientIdField(),
  SecretHash: secretHashField(),
  Username: usernameField(),
  Password: passwordField(),
  UserAttributes: attributeListField().optional(),
  ValidationData: attributeListField().optional(),
  ClientMetadata: stringMapField(),
});

/** A person signs up through an app client; UNCONFIRMED ones are mailed their code. */
export const signUp = defineOperation({
  name: 'SignUp',
  signed: false,
  input,
  async handle(body, ctx) {
    const { client, pool } = await appClientOf(ctx, body.ClientId);
    await requireSecretHash(ctx, client, body.SecretHash, [body.Username]);
    const { email, emailVerified, attributes } = fromAttributeList(body.UserAttributes);
    if (emailVerified !== undefined) {
      throw invalidParameter('Cannot modify the non-mutable attribute email_verified at sign-up.');
    }
    try {
      const user = await ctx.gatehouse.poolSelfService.signUp(
        pool.row.id,
        { username: body.Username, password: body.Password, email, attributes },
        ctx.actor,
      );
      const confirmed = user.status === 'CONFIRMED';
      return {
        UserConfirmed: confirmed,
        UserSub: user.sub,
        ...(!confirmed && user.email ? { CodeDeliveryDetails: emailDelivery(user.email) } : {}),
      };
    } catch (error) {
      if (error instanceof ConflictError) {
        // Taken: the username, or else the email of a pool where people sign in with it.
        const sameName = await ctx.gatehouse.poolUsers.findForSignIn(pool.row.id, body.Username);
        throw sameName?.user && sameName.user.username_key === usernameKey(body.Username)
          ? usernameExists('User already exists')
          : aliasExists('An account with the given email already exists.');
      }
      if (error instanceof ForbiddenError) throw notAuthorized('SignUp is not permitted for this user pool');
      throw error;
    }
  },
});

import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../services/errors.js';
import { createInvitedUser, resendInvitation } from '../../../services/pools/admin-invitations.js';
import { adminUser, userDoesNotExist } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { signedPool } from '../../management/signed-pool.js';
import { userType } from '../../admin/user-type.js';
import { fromAttributeList } from '../../attributes.js';
import { aliasExists, CognitoError, invalidParameter, usernameExists } from '../../errors.js';
import { attributeListField, passwordField, stringMapField, usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({
  UserPoolId: poolIdField(),
  Username: usernameField(),
  UserAttributes: attributeListField().optional(),
  ValidationData: attributeListField().optional(),
  TemporaryPassword: passwordField().optional(),
  ForceAliasCreation: z.boolean().optional(),
  MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
  DesiredDeliveryMediums: z
    .array(z.enum(['SMS', 'EMAIL']))
    .max(2)
    .optional(),
  ClientMetadata: stringMapField(),
});

/** Gatehouse sends no SMS, and keeps no phone verification: the flag is accepted and dropped. */
const DROPPED_ATTRIBUTES = new Set(['phone_number_verified']);

function emailVerifiedOf(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidParameter('email_verified must be "true" or "false".');
}

const unsupportedState = (username: string, status: string) =>
  new CognitoError('UnsupportedUserStateException', `Resend not possible. ${username} status is ${status}.`);

/**
 * A user with a temporary password (the admin's, or a generated one that satisfies the pool's
 * policy), FORCE_CHANGE_PASSWORD until they choose their own. With DesiredDeliveryMediums EMAIL
 * the invitation (username and temporary password) is mailed, unless MessageAction is SUPPRESS;
 * RESEND mails an existing FORCE_CHANGE_PASSWORD user a new temporary password.
 */
export const adminCreateUser = defineOperation({
  name: 'AdminCreateUser',
  signed: true,
  input,
  async handle(body, ctx) {
    await signedPool(ctx, body.UserPoolId);
    const sendEmail =
      body.MessageAction !== 'SUPPRESS' && (body.DesiredDeliveryMediums ?? []).includes('EMAIL');
    const services = ctx.gatehouse;
    if (body.MessageAction === 'RESEND') {
      try {
        const { user } = await resendInvitation(
          services,
          body.UserPoolId,
          body.Username,
          { temporaryPassword: body.TemporaryPassword, sendEmail },
          ctx.actor,
        );
        return { User: userType(user) };
      } catch (error) {
        if (error instanceof NotFoundError) throw userDoesNotExist();
        if (error instanceof ConflictError) {
          // Only a user still on a temporary password has an invitation to resend.
          const user = await adminUser(ctx, body.UserPoolId, body.Username);
          throw unsupportedState(body.Username, user.status);
        }
        throw error;
      }
    }
    const { email, emailVerified, attributes } = fromAttributeList(body.UserAttributes);
    for (const name of DROPPED_ATTRIBUTES) delete attributes[name];
    try {
      const { user } = await createInvitedUser(
        services,
        body.UserPoolId,
        {
          username: body.Username,
          email: email === '' ? undefined : email,
          emailVerified: emailVerifiedOf(emailVerified),
          attributes,
          temporaryPassword: body.TemporaryPassword,
          sendEmail,
        },
        ctx.actor,
      );
      return { User: userType(user) };
    } catch (error) {
      if (error instanceof ConflictError) {
        throw error.message.includes('with email')
          ? aliasExists('An account with the given email already exists.')
          : usernameExists('User account already exists');
      }
      throw error;
    }
  },
});

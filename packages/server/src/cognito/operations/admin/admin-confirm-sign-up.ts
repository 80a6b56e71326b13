import { z } from 'zod';
import { ConflictError } from '../../../services/errors.js';
import { adminUser, onUser } from '../../admin/admin-pool.js';
import { poolIdField } from '../../management/fields.js';
import { notAuthorized } from '../../errors.js';
import { stringMapField, usernameField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const cannotConfirm = (status: string) =>
  notAuthorized(`User cannot be confirmed. Current status is ${status}`);

/** Confirms an UNCONFIRMED user without their code; their email stays as verified as it was. */
export const adminConfirmSignUp = defineOperation({
  name: 'AdminConfirmSignUp',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    Username: usernameField(),
    ClientMetadata: stringMapField(),
  }),
  async handle(body, ctx) {
    const user = await adminUser(ctx, body.UserPoolId, body.Username);
    if (user.status !== 'UNCONFIRMED') throw cannotConfirm(user.status);
    try {
      await onUser(() => ctx.gatehouse.poolUsers.confirm(body.UserPoolId, user.sub, ctx.actor));
    } catch (error) {
      // Confirmed by someone else between the read and the write.
      if (error instanceof ConflictError) {
        const now = await adminUser(ctx, body.UserPoolId, user.sub);
        throw cannotConfirm(now.status);
      }
      throw error;
    }
    return {};
  },
});

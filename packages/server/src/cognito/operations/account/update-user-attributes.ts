import { z } from 'zod';
import { ConflictError } from '../../../services/errors.js';
import { requireAccessToken } from '../../access-token.js';
import { fromAttributeList } from '../../attributes.js';
import { aliasExists, invalidParameter } from '../../errors.js';
import { accessTokenField, attributeListField, stringMapField } from '../../input.js';
import { defineOperation } from '../../operation.js';

const input = z.object({
  AccessToken: accessTokenField(),
  UserAttributes: attributeListField(),
  ClientMetadata: stringMapField(),
});

/** The signed-in person changes their own attributes; a new email is unverified until confirmed. */
export const updateUserAttributes = defineOperation({
  name: 'UpdateUserAttributes',
  signed: false,
  input,
  async handle(body, ctx) {
    const { pool, user } = await requireAccessToken(ctx, body.AccessToken);
    const { email, emailVerified, attributes } = fromAttributeList(body.UserAttributes);
    if (emailVerified !== undefined || 'sub' in attributes) {
      const name = emailVerified !== undefined ? 'email_verified' : 'sub';
      throw invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    }
    const change = { ...(email !== undefined ? { email: email === '' ? null : email } : {}), attributes };
    try {
      await ctx.gatehouse.poolSelfService.updateOwnProfile(pool.row.id, user.sub, change, ctx.actor);
    } catch (error) {
      if (error instanceof ConflictError)
        throw aliasExists('An account with the given email already exists.');
      throw error;
    }
    return { CodeDeliveryDetailsList: [] };
  },
});

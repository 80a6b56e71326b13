import { z } from 'zod';
import { ConflictError } from '../../../services/errors.js';
import { CognitoError } from '../../errors.js';
import { groupType } from '../../management/group-type.js';
import { signedPool } from '../../management/signed-pool.js';
import { NAME_PATTERN, str } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { poolIdField } from '../../management/fields.js';

const input = z.object({
  UserPoolId: poolIdField(),
  GroupName: str(1, 128, NAME_PATTERN),
  Description: z.string().max(2048).optional(),
  RoleArn: str(20, 2048).optional(),
  Precedence: z.number().int().min(0).max(2_147_483_647).optional(),
});

/** RoleArn is accepted and left out: Gatehouse hands out no AWS credentials. */
export const createGroup = defineOperation({
  name: 'CreateGroup',
  signed: true,
  input,
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    try {
      const group = await ctx.gatehouse.poolGroups.create(
        pool.id,
        {
          name: body.GroupName,
          ...(body.Description !== undefined ? { description: body.Description } : {}),
          ...(body.Precedence !== undefined ? { precedence: body.Precedence } : {}),
        },
        ctx.actor,
      );
      return { Group: groupType(group) };
    } catch (error) {
      if (error instanceof ConflictError) {
        throw new CognitoError(
          'GroupExistsException',
          `A group with the name ${body.GroupName} already exists.`,
        );
      }
      throw error;
    }
  },
});

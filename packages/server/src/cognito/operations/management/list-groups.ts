import { z } from 'zod';
import { groupType } from '../../management/group-type.js';
import { nextTokenField, page } from '../../management/pagination.js';
import { signedPool } from '../../management/signed-pool.js';
import { defineOperation } from '../../operation.js';
import { poolIdField } from '../../management/fields.js';

export const listGroups = defineOperation({
  name: 'ListGroups',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    Limit: z.number().int().min(0).max(60).optional(),
    NextToken: nextTokenField(),
  }),
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    const groups = await ctx.gatehouse.poolGroups.list(pool.id, ctx.actor);
    // Cognito reads a Limit of 0 (or none) as its default page of 60.
    const { items, nextToken } = page(groups, (g) => g.name, body.Limit || 60, body.NextToken);
    return { Groups: items.map(groupType), ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

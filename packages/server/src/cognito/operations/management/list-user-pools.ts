import { z } from 'zod';
import { nextTokenField, page } from '../../management/pagination.js';
import { userPoolDescription } from '../../management/user-pool-type.js';
import { defineOperation } from '../../operation.js';

/** The pools the key reaches: its team's, or every pool for a platform admin's key. */
export const listUserPools = defineOperation({
  name: 'ListUserPools',
  signed: true,
  input: z.object({ MaxResults: z.number().int().min(1).max(60), NextToken: nextTokenField() }),
  async handle(body, ctx) {
    const pools = await ctx.gatehouse.userPools.list(ctx.actor);
    const { items, nextToken } = page(pools, (p) => p.id, body.MaxResults, body.NextToken);
    return { UserPools: items.map(userPoolDescription), ...(nextToken ? { NextToken: nextToken } : {}) };
  },
});

import { z } from 'zod';
import { nextTokenField, page } from '../../management/pagination.js';
import { inPool, resourceServerType } from '../../management/resource-server-type.js';
import { signedPool } from '../../management/signed-pool.js';
import { defineOperation } from '../../operation.js';
import { poolIdField } from '../../management/fields.js';

/** The resource servers of the pool's team. */
export const listResourceServers = defineOperation({
  name: 'ListResourceServers',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    MaxResults: z.number().int().min(1).max(50),
    NextToken: nextTokenField(),
  }),
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    const servers = (await ctx.gatehouse.resourceServers.list(ctx.actor)).filter((s) => inPool(s, pool));
    const { items, nextToken } = page(servers, (s) => s.identifier, body.MaxResults, body.NextToken);
    return {
      ResourceServers: items.map((s) => resourceServerType(s, pool)),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});

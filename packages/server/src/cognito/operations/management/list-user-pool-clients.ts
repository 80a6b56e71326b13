import { z } from 'zod';
import { nextTokenField, page } from '../../management/pagination.js';
import { signedPool } from '../../management/signed-pool.js';
import { defineOperation } from '../../operation.js';
import { poolIdField } from '../../management/fields.js';

export const listUserPoolClients = defineOperation({
  name: 'ListUserPoolClients',
  signed: true,
  input: z.object({
    UserPoolId: poolIdField(),
    MaxResults: z.number().int().min(1).max(60).optional(),
    NextToken: nextTokenField(),
  }),
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    const clients = await ctx.gatehouse.appClients.list(pool.id, ctx.actor);
    const { items, nextToken } = page(clients, (c) => c.clientId, body.MaxResults ?? 60, body.NextToken);
    return {
      UserPoolClients: items.map((c) => ({ ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.name })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});

import { z } from 'zod';
import { poolResourceServer, resourceServerType } from '../../management/resource-server-type.js';
import { signedPool } from '../../management/signed-pool.js';
import { defineOperation } from '../../operation.js';
import { poolIdField, resourceServerIdentifierField } from '../../management/fields.js';

export const describeResourceServer = defineOperation({
  name: 'DescribeResourceServer',
  signed: true,
  input: z.object({ UserPoolId: poolIdField(), Identifier: resourceServerIdentifierField() }),
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    return { ResourceServer: resourceServerType(await poolResourceServer(ctx, pool, body.Identifier), pool) };
  },
});

import { z } from 'zod';
import { signedPool } from '../../management/signed-pool.js';
import { userPoolType } from '../../management/user-pool-type.js';
import { poolIdField } from '../../management/fields.js';
import { defineOperation } from '../../operation.js';

export const describeUserPool = defineOperation({
  name: 'DescribeUserPool',
  signed: true,
  input: z.object({ UserPoolId: poolIdField() }),
  async handle(body, ctx) {
    return { UserPool: userPoolType(await signedPool(ctx, body.UserPoolId)) };
  },
});

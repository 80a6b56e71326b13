import { z } from 'zod';
import { poolIdField } from '../../management/fields.js';
import { onPoolClient } from '../../management/pool-client.js';
import { signedPool } from '../../management/signed-pool.js';
import { userPoolClientType } from '../../management/user-pool-client-type.js';
import { clientIdField } from '../../input.js';
import { defineOperation } from '../../operation.js';

export const poolClientInput = z.object({ UserPoolId: poolIdField(), ClientId: clientIdField() });

/** Without ClientSecret: Gatehouse shows a secret only in the answer that created it. */
export const describeUserPoolClient = defineOperation({
  name: 'DescribeUserPoolClient',
  signed: true,
  input: poolClientInput,
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    const client = await onPoolClient(body.ClientId, () =>
      ctx.gatehouse.appClients.get(pool.id, body.ClientId, ctx.actor),
    );
    return { UserPoolClient: userPoolClientType(client, pool) };
  },
});

import { onPoolClient } from '../../management/pool-client.js';
import { signedPool } from '../../management/signed-pool.js';
import { defineOperation } from '../../operation.js';
import { poolClientInput } from './describe-user-pool-client.js';

/** Its codes and refresh tokens go with it. */
export const deleteUserPoolClient = defineOperation({
  name: 'DeleteUserPoolClient',
  signed: true,
  input: poolClientInput,
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    await onPoolClient(body.ClientId, () =>
      ctx.gatehouse.appClients.delete(pool.id, body.ClientId, ctx.actor),
    );
    return {};
  },
});

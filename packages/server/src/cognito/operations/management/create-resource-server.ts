import type { CreateResourceServerInput } from '@gatehouse/schemas';
import { z } from 'zod';
import { signedPool } from '../../management/signed-pool.js';
import { resourceServerType } from '../../management/resource-server-type.js';
import { str } from '../../input.js';
import { defineOperation } from '../../operation.js';
import { poolIdField, resourceServerIdentifierField } from '../../management/fields.js';

const input = z.object({
  UserPoolId: poolIdField(),
  Identifier: resourceServerIdentifierField(),
  Name: str(1, 256, /^[\w\s+=,.@-]+$/),
  Scopes: z
    .array(
      z.object({
        ScopeName: str(1, 256, /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/),
        ScopeDescription: str(1, 256),
      }),
    )
    .max(100)
    .optional(),
});

/** Resource servers made the Cognito way issue Cognito-shaped tokens (qualified scopes, token_use). */
const PROFILE: Partial<CreateResourceServerInput> = { tokenProfile: 'cognito' };

/**
 * A resource server owned by the pool's team: the very one machine clients get tokens for, at
 * the pool's token endpoint and at Gatehouse's own.
 */
export const createResourceServer = defineOperation({
  name: 'CreateResourceServer',
  signed: true,
  input,
  async handle(body, ctx) {
    const pool = await signedPool(ctx, body.UserPoolId);
    const server = await ctx.gatehouse.resourceServers.create(
      {
        identifier: body.Identifier,
        name: body.Name,
        scopes: (body.Scopes ?? []).map((s) => ({ name: s.ScopeName, description: s.ScopeDescription })),
        ...PROFILE,
      },
      ctx.actor,
      { teamId: pool.teamId },
    );
    return { ResourceServer: resourceServerType(server, pool) };
  },
});

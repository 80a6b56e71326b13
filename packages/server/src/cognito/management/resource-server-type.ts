import type { ResourceServer, UserPool } from '@gatehouse/schemas';
import { ForbiddenError, NotFoundError } from '../../services/errors.js';
import { resourceNotFound } from '../errors.js';
import type { CognitoContext } from '../operation.js';

/**
 * Cognito's ResourceServerType. Gatehouse's resource servers are not inside a pool: they belong
 * to a team, and a pool shows those of its own team, the same ones machine clients ask tokens for.
 */
export function resourceServerType(server: ResourceServer, pool: UserPool): Record<string, unknown> {
  return {
    UserPoolId: pool.id,
    Identifier: server.identifier,
    Name: server.name,
    Scopes: server.scopes.map((scope) => ({
      ScopeName: scope.name,
      ScopeDescription: scope.description || scope.name,
    })),
  };
}

/** Whether a resource server shows in a pool: owned by the pool's team, and not Gatehouse's own. */
export const inPool = (server: ResourceServer, pool: UserPool): boolean =>
  !server.builtIn && server.teamId === pool.teamId;

export const noSuchResourceServer = (identifier: string) =>
  resourceNotFound(`Resource server ${identifier} does not exist.`);

/** The pool's resource server with this identifier, or ResourceNotFoundException. */
export async function poolResourceServer(
  ctx: CognitoContext,
  pool: UserPool,
  identifier: string,
): Promise<ResourceServer> {
  try {
    const server = await ctx.gatehouse.resourceServers.get(identifier, ctx.actor);
    if (server.identifier === identifier && inPool(server, pool)) return server;
  } catch (error) {
    if (!(error instanceof NotFoundError || error instanceof ForbiddenError)) throw error;
  }
  throw noSuchResourceServer(identifier);
}

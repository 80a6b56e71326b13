import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/respond.js';
import { InvalidRequest, UnsupportedGrantType } from '../oauth/errors.js';
import { onlyDeclared, readFormRequest, single, truncate } from '../oauth/form-request.js';
import { POOL_GRANTS } from '../oauth/grants/index.js';
import { authenticateAppClient } from './pool-client-auth.js';
import type { PoolRequestContext } from './pool-protocol-deps.js';

/** RFC 6749 §3.2 for one pool: finds the grant, authenticates the app client, hands over. */
export async function poolTokenEndpoint(
  ctx: PoolRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const params = await readFormRequest(req);
  const grantType = single(params, 'grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required');
  const grant = POOL_GRANTS.get(grantType);
  if (!grant) {
    throw new UnsupportedGrantType(
      `this grant_type is not supported; use ${[...POOL_GRANTS.keys()].join(', ')}`,
      { grant_type: truncate(grantType) },
    );
  }
  const { server, cache, grants } = ctx.protocol;
  const client = await authenticateAppClient({
    params,
    headers: req.headers,
    address: req.socket.remoteAddress,
    poolId: ctx.pool.row.id,
    cache,
    failures: server.clientAuthFailures,
  });
  const answer = await grant.handler(
    { params: onlyDeclared(params, grant.parameters), pool: ctx.pool, grants },
    client,
  );
  sendJson(res, 200, answer);
}

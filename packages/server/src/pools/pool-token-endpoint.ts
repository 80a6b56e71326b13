import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/respond.js';
import { type FormParams, onlyDeclared, readFormRequest } from '../oauth/form-request.js';
import type { PoolGrant } from '../oauth/grants/pool-grant-context.js';
import { UnauthorizedClient } from '../oauth/errors.js';
import { grantFor, POOL_GRANTS } from '../oauth/grants/index.js';
import { noteClient } from '../http/request-facts.js';
import { authenticateAppClient } from './pool-client-auth.js';
import type { PoolRequestContext } from './pool-protocol-deps.js';

/** RFC 6749 §3.2 for one pool: finds the grant, authenticates the app client, hands over; counted and timed like the machine endpoint. */
export async function poolTokenEndpoint(
  ctx: PoolRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const metrics = ctx.protocol.server.metrics.tokens;
  let grantType: string | undefined;
  try {
    const params = await readFormRequest(req);
    const grant = grantFor(POOL_GRANTS, params);
    grantType = grant.grantType;
    await issue(ctx, req, res, params, grant);
    metrics.issued(grantType, started);
  } catch (error) {
    metrics.failed(grantType, error, started);
    throw error;
  }
}

async function issue(
  ctx: PoolRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  params: FormParams,
  grant: PoolGrant,
): Promise<void> {
  const { server, cache, grants } = ctx.protocol;
  const client = await authenticateAppClient({
    params,
    headers: req.headers,
    address: req.socket.remoteAddress,
    poolId: ctx.pool.row.id,
    cache,
    failures: server.clientAuthFailures,
  });
  noteClient(req, client.clientId);
  // RFC 6749 §5.2: the client authenticated, but may not use this grant.
  if (!client.allowedOAuthFlows.includes(grant.flow)) {
    throw new UnauthorizedClient(`this app client's OAuth flows do not include ${grant.flow}`);
  }
  const answer = await grant.handler(
    { params: onlyDeclared(params, grant.parameters), pool: ctx.pool, grants },
    client,
  );
  sendJson(res, 200, answer);
}

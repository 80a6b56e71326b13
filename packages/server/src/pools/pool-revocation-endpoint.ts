import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEmpty } from '../http/respond.js';
import { InvalidRequest, UnauthorizedClient } from '../oauth/errors.js';
import { readFormRequest, single } from '../oauth/form-request.js';
import { noteClient } from '../http/request-facts.js';
import { authenticateAppClient } from './pool-client-auth.js';
import type { PoolRequestContext } from './pool-protocol-deps.js';

/**
 * RFC 7009 for one pool. A refresh token revokes its whole family (Cognito's RevokeToken); a
 * person's access token is added to the revocation list. Unknown, invalid and expired values
 * answer 200 like revoked ones (§2.2); another client's token is refused (§2.1).
 */
export async function poolRevocationEndpoint(
  ctx: PoolRequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const params = await readFormRequest(req);
  const { server, cache, grants, tokens } = ctx.protocol;
  const client = await authenticateAppClient({
    params,
    headers: req.headers,
    address: req.socket.remoteAddress,
    poolId: ctx.pool.row.id,
    cache,
    failures: server.clientAuthFailures,
  });
  noteClient(req, client.clientId);
  const token = single(params, 'token');
  if (token === undefined) throw new InvalidRequest('token is required');
  const outcome = await grants.revokeRefreshToken(ctx.pool, client, token);
  if (outcome === 'other-client') throw new UnauthorizedClient('the token was not issued to this client');
  if (outcome === 'not-found') {
    const now = server.clock.now();
    const claims = tokens.readAccessToken(ctx.pool.row.id, token, now);
    if (claims) {
      if (claims.client_id !== client.clientId) {
        throw new UnauthorizedClient('the token was not issued to this client');
      }
      server.revocationGuard.admit(client.clientId, server.runtime.revocations, now);
      await server.tokens.revoke(
        { jti: claims.jti, clientId: claims.client_id, expiresAt: claims.exp * 1000 },
        now,
      );
    }
  }
  sendEmpty(res, 200);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { single, truncate } from './form-request.js';
import { sendJson } from '../http/respond.js';
import { authenticateClient } from './client-auth/index.js';
import type { OAuthServer } from './context.js';
import { InvalidRequest, UnsupportedGrantType } from './errors.js';
import { readFormRequest } from './form-request.js';
import { GRANTS } from './grants/index.js';

/** RFC 6749 §3.2. Knows nothing about any grant beyond finding it by name. */
export async function tokenEndpoint(
  server: OAuthServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const params = await readFormRequest(req);
  const grantType = single(params, 'grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required');
  const grant = GRANTS.get(grantType);
  if (!grant) {
    throw new UnsupportedGrantType(`this grant_type is not supported; use ${[...GRANTS.keys()].join(', ')}`, {
      grant_type: truncate(grantType),
    });
  }
  const ctx = { params, headers: req.headers, server, address: req.socket.remoteAddress };
  const client = await authenticateClient(ctx);
  sendJson(res, 200, await grant.handler(ctx, client));
}

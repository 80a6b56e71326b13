import type { IncomingMessage } from 'node:http';
import { noteClient } from '../http/request-facts.js';
import { single } from './form-request.js';
import type { ClientEntry } from '../services/cache-entries.js';
import { authenticateClient } from './client-auth/index.js';
import type { OAuthServer } from './context.js';
import { InvalidRequest } from './errors.js';
import { readFormRequest } from './form-request.js';

/** Introspection and revocation both take an authenticated client and a `token` (RFC 7662 §2.1, RFC 7009 §2.1). */
export async function readTokenRequest(
  server: OAuthServer,
  req: IncomingMessage,
): Promise<{ caller: ClientEntry; token: string }> {
  const params = await readFormRequest(req);
  const caller = await authenticateClient({
    params,
    headers: req.headers,
    server,
    address: req.socket.remoteAddress,
  });
  noteClient(req, caller.clientId);
  const token = single(params, 'token');
  if (token === undefined) throw new InvalidRequest('token is required');
  return { caller, token };
}

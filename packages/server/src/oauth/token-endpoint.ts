import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServerError } from '../http/errors.js';
import { noteClient } from '../http/request-facts.js';
import { sendJson } from '../http/respond.js';
import { authenticateClient } from './client-auth/index.js';
import type { OAuthServer } from './context.js';
import { HookUnavailable, UnauthorizedClient } from './errors.js';
import { onlyDeclared, readFormRequest } from './form-request.js';
import { GRANTS, grantFor } from './grants/index.js';
import type { TokenResponse } from './grants/grant.js';
import { NoSigningKeyError } from '../services/tokens.js';
import { HookUnavailableError } from '../services/token-hooks/hook-caller.js';

/**
 * RFC 6749 §3.2. Knows nothing about any grant beyond finding it by name. Each request is
 * counted and timed once, by grant and outcome (metrics/token-metrics.ts), in this one function
 * so that measuring adds no promise per request.
 */
export async function tokenEndpoint(
  server: OAuthServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  let grantType: string | undefined;
  try {
    const params = await readFormRequest(req);
    const grant = grantFor(GRANTS, params);
    grantType = grant.grantType;
    const ctx = { params, headers: req.headers, server, address: req.socket.remoteAddress };
    const client = await authenticateClient(ctx);
    noteClient(req, client.clientId);
    // RFC 6749 §5.2: the client is who it says, but this grant type is not one it may use.
    if (!client.grantTypes.has(grant.grantType)) {
      throw new UnauthorizedClient('this client may not use this grant_type', {
        client_id: client.clientId,
        grant_type: grant.grantType,
      });
    }
    // Counted only for clients that proved who they are: floods of bad credentials are
    // client-auth throttling's. Before signing, so a refused request costs no signature.
    if (client.limit !== null) await server.rateLimits.check(client.clientId, client.limit);
    let answer: TokenResponse;
    try {
      answer = await grant.handler({ ...ctx, params: onlyDeclared(ctx.params, grant.parameters) }, client);
    } catch (error) {
      // Said to the caller as before: which key is missing is the operator's fault, not a secret.
      if (error instanceof NoSigningKeyError) throw new ServerError(error.message);
      if (error instanceof HookUnavailableError) throw new HookUnavailable(error.reason);
      throw error;
    }
    sendJson(res, 200, answer);
    server.metrics.tokens.issued(grantType, started);
  } catch (error) {
    server.metrics.tokens.failed(grantType, error, started);
    throw error;
  }
}

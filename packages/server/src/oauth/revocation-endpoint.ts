import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEmpty } from '../http/respond.js';
import { readAccessToken } from './access-token.js';
import type { OAuthServer } from './context.js';
import { UnauthorizedClient } from './errors.js';
import { readTokenRequest } from './token-request.js';

/**
 * RFC 7009. Invalid, expired and unknown tokens answer 200 like revoked ones (§2.2); a token
 * issued to another client is refused (§2.1). The revocation reaches every instance through
 * the change log, and introspection reports the token inactive from then on. Each revocation
 * is an entry in the list every verifier downloads, so a client revokes at a bounded rate
 * (429 past it), and a full list refuses more (503) instead of growing.
 */
export async function revocationEndpoint(
  server: OAuthServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { caller, token } = await readTokenRequest(server, req);
  const now = server.clock.now();
  const claims = readAccessToken(server.runtime, server.issuer, token, now);
  if (claims) {
    if (claims.client_id !== caller.clientId)
      throw new UnauthorizedClient('the token was not issued to this client');
    // Revoking a token twice changes nothing, so it costs nothing either.
    if (server.tokens.isRevoked(claims.jti)) {
      sendEmpty(res, 200);
      return;
    }
    server.revocationGuard.admit(caller.clientId, server.runtime.revocations, now);
    await server.tokens.revoke(
      { jti: claims.jti, clientId: claims.client_id, expiresAt: claims.exp * 1000 },
      now,
    );
  }
  sendEmpty(res, 200);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendEmpty } from '../http/respond.js';
import { recordChange } from '../store/repos/changes.js';
import { insertRevokedToken } from '../store/repos/tokens.js';
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
    if (server.runtime.isRevoked(claims.jti)) {
      sendEmpty(res, 200);
      return;
    }
    server.revocationGuard.admit(caller.clientId, server.runtime.revocations, now);
    const expiresAt = claims.exp * 1000;
    await server.db.transaction(async (tx) => {
      if (
        await insertRevokedToken(tx, {
          jti: claims.jti,
          client_id: claims.client_id,
          expires_at: expiresAt,
          revoked_at: now,
        })
      ) {
        await recordChange(tx, 'revocation', claims.jti, now);
      }
    });
    server.runtime.noteRevoked(claims.jti, expiresAt);
  }
  sendEmpty(res, 200);
}

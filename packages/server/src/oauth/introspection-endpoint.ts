import type { IncomingMessage, ServerResponse } from 'node:http';
import { BUILT_IN_RESOURCE_SERVER } from '@gatehouse/schemas';
import { sendJson } from '../http/respond.js';
import type { ClientEntry } from '../services/cache-entries.js';
import { readAccessToken } from './access-token.js';
import type { OAuthServer } from './context.js';
import { lookupClient } from './lookup-client.js';
import { readTokenRequest } from './token-request.js';

const INTROSPECT_SCOPE = 'tokens:introspect';

/**
 * RFC 7662. A client may introspect its own tokens; introspecting anyone's takes the
 * `gatehouse-admin/tokens:introspect` permission. Any other token, like an invalid, expired or
 * revoked one, or one whose client is disabled or gone, is simply `{"active": false}`.
 */
export async function introspectionEndpoint(
  server: OAuthServer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { caller, token } = await readTokenRequest(server, req);
  const claims = readAccessToken(server.runtime, server.issuer, token, server.clock.now());
  const owner = claims && (await lookupClient(server, claims.client_id));
  if (
    !claims ||
    !owner?.enabled ||
    server.runtime.isRevoked(claims.jti) ||
    !mayIntrospect(server, caller, claims.client_id)
  ) {
    sendJson(res, 200, { active: false });
    return;
  }
  sendJson(res, 200, {
    active: true,
    scope: claims.scope,
    client_id: claims.client_id,
    token_type: 'Bearer',
    exp: claims.exp,
    iat: claims.iat,
    sub: claims.sub,
    aud: claims.aud,
    iss: claims.iss,
    jti: claims.jti,
  });
}

function mayIntrospect(server: OAuthServer, caller: ClientEntry, tokenClientId: string): boolean {
  if (caller.clientId === tokenClientId) return true;
  const admin = server.runtime.resource(BUILT_IN_RESOURCE_SERVER);
  return admin !== undefined && (caller.permissions.get(admin.id)?.includes(INTROSPECT_SCOPE) ?? false);
}

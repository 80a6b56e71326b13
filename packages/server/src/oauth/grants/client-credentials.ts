import { single } from '../form-request.js';
import { resolveScopeRequest } from '../scope-request.js';
import type { Grant } from './grant.js';

/** RFC 6749 §4.4: a client trades its own credentials for an access token. */
export const clientCredentials: Grant & { grantType: 'client_credentials' } = {
  grantType: 'client_credentials',
  parameters: new Set(['scope', 'resource']),
  async handler(ctx, client) {
    const { server } = ctx;
    const { resource, scopes } = resolveScopeRequest(
      server.runtime,
      client,
      single(ctx.params, 'scope'),
      ctx.params.get('resource') ?? [],
    );
    const now = server.clock.now();
    // The client acts for itself, so it is the token's subject (RFC 9068 §2.2).
    const issued = await server.tokens.issueAccessToken({
      subject: client.clientId,
      client,
      resource,
      scopes,
      now,
    });
    server.runtime.noteUsed(client.clientId, now, resource.id, scopes);
    return {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.scope,
    };
  },
};

import type { ClientEntry } from '../../services/cache-entries.js';
import type { OAuthContext } from '../context.js';
import { InvalidClient, InvalidRequest } from '../errors.js';
import type { ClientAuthMethod } from './method.js';
import { privateKeyJwt } from './private-key-jwt.js';
import { secretBasic } from './secret-basic.js';
import { secretPost } from './secret-post.js';

export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [secretBasic, secretPost, privateKeyJwt];

/** RFC 6749 §2.3: a client uses exactly one authentication method per request. */
export async function authenticateClient(ctx: OAuthContext): Promise<ClientEntry> {
  // A loop rather than filter(): this runs on every token request and usually finds one method.
  let method: ClientAuthMethod | undefined;
  for (const candidate of CLIENT_AUTH_METHODS) {
    if (!candidate.present(ctx)) continue;
    if (method) {
      const used = CLIENT_AUTH_METHODS.filter((m) => m.present(ctx));
      throw new InvalidRequest(
        `use exactly one client authentication method, not ${used.map((m) => m.method).join(' and ')}`,
      );
    }
    method = candidate;
  }
  if (!method) throw new InvalidClient('client authentication is required');
  return method.authenticate(ctx);
}

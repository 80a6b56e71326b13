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
  const used = CLIENT_AUTH_METHODS.filter((m) => m.present(ctx));
  if (used.length > 1) {
    throw new InvalidRequest(
      `use exactly one client authentication method, not ${used.map((m) => m.method).join(' and ')}`,
    );
  }
  const method = used[0];
  if (!method) throw new InvalidClient('client authentication is required');
  return method.authenticate(ctx);
}

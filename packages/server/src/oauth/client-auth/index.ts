import { decodeJwt } from '@gatehouse/jws';
import { single } from '../form-request.js';
import type { ClientEntry } from '../../services/cache-entries.js';
import type { OAuthContext } from '../context.js';
import { InvalidClient, InvalidRequest } from '../errors.js';
import type { ClientAuthMethod } from './method.js';
import { privateKeyJwt } from './private-key-jwt.js';
import { parseBasic, secretBasic } from './secret-basic.js';
import { secretPost } from './secret-post.js';

const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = [secretBasic, secretPost, privateKeyJwt];

/** RFC 6749 §2.3: a client uses exactly one authentication method per request. */
export async function authenticateClient(ctx: OAuthContext): Promise<ClientEntry> {
  const failures = ctx.server.clientAuthFailures;
  failures.admit(ctx.address);
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
  try {
    if (!method) throw new InvalidClient('client authentication is required');
    return await method.authenticate(ctx);
  } catch (error) {
    if (!(error instanceof InvalidClient)) throw error;
    throw failures.failed(error, claimedClientId(ctx), ctx.address, method?.method ?? 'none');
  }
}

/** Who the failed request said it was, for counting and logs; never its credentials. */
function claimedClientId(ctx: OAuthContext): string | undefined {
  const header = ctx.headers.authorization;
  if (header !== undefined) {
    try {
      return parseBasic(header).clientId;
    } catch {
      return undefined;
    }
  }
  const assertion = single(ctx.params, 'client_assertion');
  if (assertion !== undefined) {
    try {
      const iss = decodeJwt(assertion).payload.iss;
      if (typeof iss === 'string') return iss;
    } catch {
      // a malformed assertion names nobody; fall back to client_id
    }
  }
  return single(ctx.params, 'client_id');
}

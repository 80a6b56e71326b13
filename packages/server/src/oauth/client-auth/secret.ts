import { secretMatches } from '../../crypto/secrets.js';
import type { ClientEntry } from '../../services/cache-entries.js';
import type { OAuthContext } from '../context.js';
import { InvalidClient } from '../errors.js';
import { lookupClient } from '../lookup-client.js';

const DUMMY_HASH = Buffer.alloc(32);

/**
 * Shared by client_secret_basic and client_secret_post: the same work and the same answer
 * whether the client is unknown, is not one of `methods`, or sent the wrong secret.
 */
export async function checkSecret(
  ctx: OAuthContext,
  clientId: string,
  secret: string,
  methods: readonly ClientEntry['authMethod'][],
): Promise<ClientEntry> {
  const client = await lookupClient(ctx.server, clientId);
  if (!client || !methods.includes(client.authMethod)) {
    secretMatches(secret, DUMMY_HASH);
    throw new InvalidClient();
  }
  const now = ctx.server.clock.now();
  let matched: string | undefined;
  // Every live secret is compared, with no early exit, so timing does not tell which matched.
  for (const stored of client.secrets) {
    const live = stored.expiresAt === null || stored.expiresAt > now;
    if (secretMatches(secret, stored.hash) && live) matched = stored.id;
  }
  if (matched === undefined) throw new InvalidClient();
  if (!client.enabled) throw new InvalidClient('client is disabled');
  // Which secret callers use, so people can tell when they have moved to a new one.
  ctx.server.runtime.noteSecretUsed(matched, now);
  return client;
}

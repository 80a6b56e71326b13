import type { ClientEntry } from '../services/cache-entries.js';
import { StoreUnavailableError } from '../services/errors.js';
import type { OAuthServer } from './context.js';
import { TemporarilyUnavailable } from '../http/errors.js';

/**
 * The client, from memory or the store. A store outage is the server's problem, not the
 * client's: it answers 503 temporarily_unavailable, never invalid_client or a bare 500.
 */
export async function lookupClient(server: OAuthServer, clientId: string): Promise<ClientEntry | undefined> {
  try {
    return await server.runtime.client(clientId);
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      server.logger.warn('client lookup failed: store unreachable', { error: error.cause as Error });
      throw new TemporarilyUnavailable('the authorization server cannot reach its store; retry shortly');
    }
    throw error;
  }
}

import type { ClientEntry } from '../services/cache-entries.js';
import type { OAuthServer } from './context.js';

/**
 * The client, from memory or the store. A store outage is the server's problem, not the
 * client's: the StoreUnavailableError it raises goes to the server's error handler, which
 * answers 503 temporarily_unavailable with Retry-After (never invalid_client or a bare 500) and
 * logs it with the request's id.
 */
export function lookupClient(server: OAuthServer, clientId: string): Promise<ClientEntry | undefined> {
  return server.runtime.client(clientId);
}

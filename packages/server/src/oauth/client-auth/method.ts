import type { TokenEndpointAuthMethod } from '@gatehouse/schemas';
import type { ClientEntry } from '../../services/cache-entries.js';
import type { OAuthContext } from '../context.js';

/**
 * One module per client authentication method. `present` tells whether the request carries
 * this method's credentials; `authenticate` checks them and returns the client, or throws
 * InvalidClient. The dispatcher makes sure exactly one method is present.
 */
export interface ClientAuthMethod {
  method: TokenEndpointAuthMethod;
  present(ctx: OAuthContext): boolean;
  authenticate(ctx: OAuthContext): Promise<ClientEntry>;
}

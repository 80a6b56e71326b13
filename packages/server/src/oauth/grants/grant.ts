import type { ClientEntry } from '../../services/cache-entries.js';
import type { OAuthContext } from '../context.js';
import type { FormParams } from '../form-request.js';

/**
 * One module per grant type (node-oidc-provider's shape): the token endpoint looks the grant
 * up by `grantType`, authenticates the client, and hands over. Machine grants take the
 * machine client and OAuthContext (the defaults); a user pool's token endpoint uses the same
 * shape with its app client and its own context (pool-grant-context.ts).
 */
export interface Grant<Client = ClientEntry, Context extends { params: FormParams } = OAuthContext> {
  grantType: string;
  /**
   * Parameters this grant reads, besides grant_type and client authentication. The token
   * endpoint hands the handler only these: others are ignored, as RFC 6749 §3.2 requires, and
   * cannot change what the grant does. A parameter sent twice is refused before this.
   */
  parameters: ReadonlySet<string>;
  handler(ctx: Context, client: Client): Promise<TokenResponse>;
}

/** RFC 6749 §5.1, with OpenID Connect Core §3.1.3.3's `id_token`. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  /** Only grants that act for a person issue one; client_credentials never does (RFC 6749 §4.4.3). */
  refresh_token?: string;
  /** Only when the `openid` scope was granted to a person. */
  id_token?: string;
}

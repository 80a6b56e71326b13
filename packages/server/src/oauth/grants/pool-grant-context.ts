import type { AppClient, AppClientOAuthFlow } from '@gatehouse/schemas';
import type { PoolRecord } from '../../services/pools/pool-access.js';
import type { PoolGrantResult, PoolGrantService } from '../../services/pools/pool-grants.js';
import type { FormParams } from '../form-request.js';
import type { Grant, TokenResponse } from './grant.js';

/** What a user pool's grants see: the declared parameters, the pool, and the grant service. */
export interface PoolGrantContext {
  params: FormParams;
  pool: PoolRecord;
  grants: PoolGrantService;
}

/**
 * A grant at a pool's token endpoint: the app client has authenticated (or is public). `flow`
 * is the app client's allowed OAuth flow (Cognito's AllowedOAuthFlows) that the grant belongs to.
 */
export type PoolGrant = Grant<AppClient, PoolGrantContext> & { flow: AppClientOAuthFlow };

/** RFC 6749 §5.1 with OIDC Core §3.1.3.3's id_token; refresh_token only when one was issued. */
export function poolTokenResponse(result: PoolGrantResult): TokenResponse {
  const answer: TokenResponse = {
    access_token: result.accessToken,
    token_type: 'Bearer',
    expires_in: result.expiresIn,
    scope: result.scope,
  };
  if (result.idToken !== undefined) answer.id_token = result.idToken;
  if (result.refreshToken !== undefined) answer.refresh_token = result.refreshToken;
  return answer;
}

import type { AccessTokenAudience } from './user-access-token-claims.js';

export interface MachineAccessTokenInput {
  poolIssuer: string;
  clientId: string;
  /** The one resource server the scopes belong to; its profile decides their form. */
  audience: AccessTokenAudience;
  /** Epoch milliseconds. */
  now: number;
  lifetimeSeconds: number;
  jti: string;
}

/**
 * The claims Cognito puts in a client_credentials access token (sub and client_id the app
 * client, token_use, scope, auth_time = iat, version 2 under the `cognito` profile), plus the
 * resource server as `aud`, which RFC 9068 verifiers check and aws-jwt-verify leaves alone.
 */
export function buildMachineAccessTokenClaims(input: MachineAccessTokenInput): Record<string, unknown> {
  const iat = Math.floor(input.now / 1000);
  const claims: Record<string, unknown> = {
    sub: input.clientId,
    token_use: 'access',
    scope: input.audience.resourceScopes.join(' '),
    auth_time: iat,
    iss: input.poolIssuer,
    exp: iat + input.lifetimeSeconds,
    iat,
  };
  if (input.audience.resource?.profile === 'cognito') claims.version = 2;
  claims.jti = input.jti;
  claims.client_id = input.clientId;
  claims.aud = input.audience.audience;
  return claims;
}

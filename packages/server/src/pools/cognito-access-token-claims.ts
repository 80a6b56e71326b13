/**
 * The scope of the access tokens Cognito's own API issues (InitiateAuth and the like): it lets
 * the person call the self-service operations (GetUser, ChangePassword, ...) with the token.
 */
export const COGNITO_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export interface CognitoAccessTokenInput {
  poolIssuer: string;
  sub: string;
  username: string;
  clientId: string;
  groups: readonly string[];
  /** The refresh family of the sign-in: every token refreshed from it carries the same one. */
  originJti: string;
  eventId: string;
  /** Epoch milliseconds. */
  authTime: number;
  /** Epoch milliseconds. */
  now: number;
  lifetimeSeconds: number;
  jti: string;
}

/**
 * An access token in the shape Cognito gives to sign-ins through its API: no `aud`, the
 * `client_id`, `scope: aws.cognito.signin.user.admin`, `token_use: access`, `version: 2`, and
 * `cognito:groups` when the person is in a group. Lambda authorizers written for Cognito
 * (aws-jwt-verify with `tokenUse: "access"` and a client id list) accept it as it is.
 */
export function buildCognitoAccessTokenClaims(input: CognitoAccessTokenInput): Record<string, unknown> {
  const iat = Math.floor(input.now / 1000);
  const claims: Record<string, unknown> = {
    sub: input.sub,
    iss: input.poolIssuer,
    client_id: input.clientId,
    origin_jti: input.originJti,
    event_id: input.eventId,
    token_use: 'access',
    scope: COGNITO_ADMIN_SCOPE,
    auth_time: Math.floor(input.authTime / 1000),
    exp: iat + input.lifetimeSeconds,
    iat,
    jti: input.jti,
    username: input.username,
    version: 2,
  };
  if (input.groups.length > 0) claims['cognito:groups'] = [...input.groups];
  return claims;
}

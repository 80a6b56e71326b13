import { randomUUID } from 'node:crypto';
import type { AccessTokenRequest } from './tokens.js';

/** `<identifier>/<scope>`: how Cognito's tokens name resource server scopes. */
export const qualifiedScope = (identifier: string, scope: string): string => `${identifier}/${scope}`;

/** The `scope` claim of a `cognito` profile token: every scope qualified, space-separated. */
export function qualifyScopes(identifier: string, scopes: readonly string[]): string {
  return scopes.map((scope) => qualifiedScope(identifier, scope)).join(' ');
}

/**
 * A machine token in the shape Amazon Cognito issues for client_credentials: qualified scopes,
 * `token_use: "access"`, `auth_time` (unless given, iat: a client authenticates on each request) and
 * `version: 2`, with `sub` and `client_id` the client. `aud` stays: Cognito leaves it out, and
 * aws-jwt-verify (audience: null) ignores it, while RFC 9068 verifiers such as
 * @gatehouse/verify check it to refuse tokens minted for another API.
 */
export function cognitoClaims(
  issuer: string,
  request: AccessTokenRequest,
  iat: number,
  expiresIn: number,
): Record<string, unknown> & { scope: string } {
  return {
    auth_time: iat,
    ...request.claims,
    sub: request.subject,
    token_use: 'access',
    scope: qualifyScopes(request.resource.identifier, request.scopes),
    iss: issuer,
    exp: iat + expiresIn,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: request.client.clientId,
    aud: request.resource.identifier,
  };
}

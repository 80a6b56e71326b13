import { atHash } from '../crypto/at-hash.js';
import { RESERVED_CLAIMS } from '../services/claim-rules.js';
import { type ClaimsUser, customClaims, scopedClaims } from './scope-claims.js';

export { atHash };

/**
 * ID tokens are signed RS256: OIDC Core §15.1 makes it the algorithm every OP supports, and it
 * is what relying parties (openid-client among them) expect when a client registered none.
 */
export const ID_TOKEN_ALG = 'RS256';

export interface IdTokenInput {
  poolIssuer: string;
  clientId: string;
  user: ClaimsUser;
  /** The granted scopes: they decide which standard claims are released. */
  scopes: readonly string[];
  /** Epoch milliseconds of the sign-in. */
  authTime: number;
  nonce?: string | undefined;
  /** The access token issued beside it, for at_hash. */
  accessToken?: string | undefined;
  /** The JWS alg the ID token is signed with; by default ID_TOKEN_ALG. */
  alg?: string;
  /** Epoch milliseconds. */
  now: number;
  lifetimeSeconds: number;
  jti?: string | undefined;
}

/**
 * ID token claims (OIDC Core §2, §3.1.3.6, §5.4) with Cognito's own: `cognito:username`,
 * `cognito:groups` (only when in a group, as Cognito does), `token_use: "id"`, and the `custom:*`
 * attributes. `groups` is always there, empty when there are none. The registered claims come
 * first, and nothing after them may take a reserved name, so no attribute can stand in for `sub`,
 * `iss` or `aud`.
 */
export function buildIdTokenClaims(input: IdTokenInput): Record<string, unknown> {
  const { user } = input;
  const iat = Math.floor(input.now / 1000);
  // One object: spreading the registered claims around the others took V8's slow path.
  const claims: Record<string, unknown> = {
    iss: input.poolIssuer,
    sub: user.sub,
    aud: input.clientId,
    exp: iat + input.lifetimeSeconds,
    iat,
    auth_time: Math.floor(input.authTime / 1000),
  };
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  if (input.accessToken !== undefined) claims.at_hash = atHash(input.accessToken, input.alg ?? ID_TOKEN_ALG);
  if (input.jti !== undefined) claims.jti = input.jti;
  claims.token_use = 'id';
  const add = (name: string, value: unknown) => {
    if (!RESERVED_CLAIMS.has(name)) claims[name] = value;
  };
  for (const [name, value] of Object.entries(customClaims(user))) add(name, value);
  for (const [name, value] of Object.entries(scopedClaims(user, input.scopes))) add(name, value);
  add('groups', [...user.groups]);
  add('cognito:username', user.username);
  if (user.groups.length > 0) add('cognito:groups', [...user.groups]);
  return claims;
}

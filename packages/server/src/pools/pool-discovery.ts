import { omitEmptyClaims } from '../oauth/omit-empty.js';
import { PROMPTS } from './authorize-request.js';
import { ID_TOKEN_ALG } from './id-token-claims.js';
import { EMAIL_CLAIMS, OIDC_SCOPES, PHONE_CLAIMS, PROFILE_CLAIMS } from './scope-claims.js';

/** Paths under a pool issuer; the routes and this document both read them, so they cannot drift. */
export const POOL_PATHS = {
  openidConfiguration: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  authorize: '/oauth2/authorize',
  token: '/oauth2/token',
  /** Cognito's spelling; `/oauth2/userinfo` answers too. */
  userInfo: '/oauth2/userInfo',
  userInfoLowercase: '/oauth2/userinfo',
  revoke: '/oauth2/revoke',
  /** OIDC RP-Initiated Logout 1.0. */
  endSession: '/oauth2/logout',
  /** Cognito's `/logout?client_id=…&logout_uri=…`. */
  cognitoLogout: '/logout',
} as const;

/** The pool's grants at the token endpoint. */
export const POOL_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** App clients are public (`none`) or use a secret, in the header or in the form. */
export const POOL_CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;

/**
 * OpenID Provider metadata (OIDC Discovery 1.0 §3) for one pool, with RFC 8414 and RFC 9207
 * fields. `signingAlgs` are the deployment's active algorithms; OIDC Discovery requires RS256
 * in id_token_signing_alg_values_supported, and ID tokens are signed with it, so it must be there.
 */
export function poolDiscovery(input: {
  poolIssuer: string;
  signingAlgs: readonly string[];
  /** Qualified scopes of the resource servers the pool's clients may ask for. */
  resourceScopes?: readonly string[];
}): Record<string, unknown> {
  const { poolIssuer: iss } = input;
  if (!input.signingAlgs.includes(ID_TOKEN_ALG)) {
    throw new TypeError(
      `poolDiscovery: the key set has no ${ID_TOKEN_ALG} key, which OIDC requires for ID tokens`,
    );
  }
  const algs = [ID_TOKEN_ALG, ...input.signingAlgs.filter((a) => a !== ID_TOKEN_ALG)];
  return omitEmptyClaims({
    issuer: iss,
    authorization_endpoint: iss + POOL_PATHS.authorize,
    token_endpoint: iss + POOL_PATHS.token,
    userinfo_endpoint: iss + POOL_PATHS.userInfo,
    jwks_uri: iss + POOL_PATHS.jwks,
    revocation_endpoint: iss + POOL_PATHS.revoke,
    end_session_endpoint: iss + POOL_PATHS.endSession,
    scopes_supported: [...OIDC_SCOPES, ...(input.resourceScopes ?? [])],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...POOL_GRANT_TYPES],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algs,
    token_endpoint_auth_methods_supported: [...POOL_CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...POOL_CLIENT_AUTH_METHODS],
    code_challenge_methods_supported: ['S256'],
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'at_hash',
      ...EMAIL_CLAIMS,
      ...PROFILE_CLAIMS,
      ...PHONE_CLAIMS,
      'groups',
      'cognito:username',
      'cognito:groups',
      'token_use',
    ],
    claim_types_supported: ['normal'],
    prompt_values_supported: [...PROMPTS],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  });
}

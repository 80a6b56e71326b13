import { SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from '@gatehouse/schemas';
import { ASSERTION_ALGS } from '@gatehouse/jws';
import { GRANTS } from './grants/index.js';
import { omitEmptyClaims } from './omit-empty.js';

export const PATHS = {
  metadata: '/.well-known/oauth-authorization-server',
  jwks: '/.well-known/jwks.json',
  token: '/oauth2/token',
  introspection: '/oauth2/introspect',
  revocation: '/oauth2/revoke',
  revocationList: '/oauth2/revocations',
} as const;

/**
 * RFC 8414 authorization server metadata, built once per issuer. The root issuer is not an
 * OpenID provider (people sign in at pool issuers, whose documents are complete), so it serves
 * no /.well-known/openid-configuration.
 */
export function serverMetadata(issuer: string): Record<string, unknown> {
  return omitEmptyClaims({
    issuer,
    token_endpoint: issuer + PATHS.token,
    jwks_uri: issuer + PATHS.jwks,
    introspection_endpoint: issuer + PATHS.introspection,
    revocation_endpoint: issuer + PATHS.revocation,
    // Gatehouse's kill switch: recently revoked token ids and blocked clients, for verifiers to poll.
    revocation_list_endpoint: issuer + PATHS.revocationList,
    grant_types_supported: [...GRANTS.keys()],
    // No authorization endpoint at the root, so no response types: RFC 8414 §3.2 omits the claim.
    response_types_supported: [],
    token_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    introspection_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    introspection_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    revocation_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    revocation_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    access_token_signing_alg_values_supported: [...SIGNING_ALGS],
  });
}

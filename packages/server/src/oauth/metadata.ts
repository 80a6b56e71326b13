import { SIGNING_ALGS, TOKEN_ENDPOINT_AUTH_METHODS } from '@gatehouse/schemas';
import { ASSERTION_ALGS } from '@gatehouse/jws';
import { GRANTS } from './grants/index.js';

export const PATHS = {
  metadata: '/.well-known/oauth-authorization-server',
  openidConfiguration: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  token: '/oauth2/token',
  introspection: '/oauth2/introspect',
  revocation: '/oauth2/revoke',
  revocationList: '/oauth2/revocations',
} as const;

/** RFC 8414 authorization server metadata, built once per issuer. */
export function serverMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    token_endpoint: issuer + PATHS.token,
    jwks_uri: issuer + PATHS.jwks,
    introspection_endpoint: issuer + PATHS.introspection,
    revocation_endpoint: issuer + PATHS.revocation,
    // Gatehouse's kill switch: recently revoked token ids and blocked clients, for verifiers to poll.
    revocation_list_endpoint: issuer + PATHS.revocationList,
    grant_types_supported: [...GRANTS.keys()],
    // No user-facing flows yet, so no response types: an empty list is the honest answer.
    response_types_supported: [],
    token_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    introspection_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    introspection_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    revocation_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    revocation_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    access_token_signing_alg_values_supported: [...SIGNING_ALGS],
  };
}

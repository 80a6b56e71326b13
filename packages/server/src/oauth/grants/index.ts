import type { GrantType } from '@gatehouse/schemas';
import { InvalidRequest, UnsupportedGrantType } from '../errors.js';
import { type FormParams, single, truncate } from '../form-request.js';
import { authorizationCode } from './authorization-code.js';
import { clientCredentials } from './client-credentials.js';
import type { Grant } from './grant.js';
import type { PoolGrant } from './pool-grant-context.js';
import { poolClientCredentials } from './pool-client-credentials.js';
import { refreshToken } from './refresh-token.js';
import type { POOL_GRANT_TYPES } from '../../pools/pool-discovery.js';

type PoolGrantType = (typeof POOL_GRANT_TYPES)[number];

/**
 * Keyed by every grant type the admin API lets a client hold, so that a type listed in
 * @gatehouse/schemas without a module here, or the other way round, does not compile.
 */
const BY_TYPE: { readonly [T in GrantType]: Grant & { grantType: T } } = {
  client_credentials: clientCredentials,
};

export const GRANTS: ReadonlyMap<string, Grant> = new Map(Object.entries(BY_TYPE));

/**
 * A user pool's token endpoint: the grants that act for a person, keyed by the types its
 * discovery document lists, so the two cannot drift apart.
 */
const POOL_BY_TYPE: { readonly [T in PoolGrantType]: PoolGrant } = {
  authorization_code: authorizationCode,
  refresh_token: refreshToken,
  client_credentials: poolClientCredentials,
};

export const POOL_GRANTS: ReadonlyMap<string, PoolGrant> = new Map(Object.entries(POOL_BY_TYPE));

/**
 * The grant a token request names, from one of the registries above: `invalid_request` without
 * a grant_type, `unsupported_grant_type` (listing what is supported) for one it does not hold.
 */
export function grantFor<G>(registry: ReadonlyMap<string, G>, params: FormParams): G {
  const grantType = single(params, 'grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required');
  const grant = registry.get(grantType);
  if (!grant) {
    throw new UnsupportedGrantType(
      `this grant_type is not supported; use ${[...registry.keys()].join(', ')}`,
      { grant_type: truncate(grantType) },
    );
  }
  return grant;
}

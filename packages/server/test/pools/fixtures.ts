import { resolveQualifiedScope } from '../../src/services/qualified-scope.js';
import type { AuthorizeClient, AuthorizeContext } from '../../src/pools/authorize-request.js';
import type { ClaimsUser } from '../../src/pools/scope-claims.js';
import type { PoolResource, PoolResourceLookup } from '../../src/pools/user-access-token-claims.js';

export const ISSUER = 'https://id.example.com';
export const POOL_ISSUER = `${ISSUER}/pools/local_AbC123xyz`;
/** 2026-01-01T00:00:00Z: every test's "now". */
export const NOW = Date.parse('2026-01-01T00:00:00Z');
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const RESOURCES = new Map<string, PoolResource>([
  [
    'lj-health-food',
    {
      identifier: 'lj-health-food',
      alg: 'ES256',
      profile: 'rfc9068',
      scopes: new Set(['list-orders', 'place-order']),
    },
  ],
  [
    'https://billing.example.com',
    {
      identifier: 'https://billing.example.com',
      alg: 'RS256',
      profile: 'rfc9068',
      scopes: new Set(['read']),
    },
  ],
]);

export const resources: PoolResourceLookup = {
  resource: (identifier) => RESOURCES.get(identifier),
  resolveScope: (qualified) => resolveQualifiedScope(qualified, (id) => RESOURCES.get(id)),
};

export const publicClient: AuthorizeClient = {
  clientId: 'p1ub2lic3client4id5abcdefg',
  public: true,
  redirectUris: ['https://app.example.com/cb', 'http://127.0.0.1:8080/callback?tenant=a'],
  scopes: [
    'openid',
    'email',
    'profile',
    'phone',
    'lj-health-food/list-orders',
    'lj-health-food/place-order',
    'https://billing.example.com/read',
  ],
  allowedOAuthFlows: ['code'],
  settings: { requirePkce: true },
};

export const confidentialClient: AuthorizeClient = {
  clientId: 'c1onf2idential3client4abcd',
  public: false,
  redirectUris: ['https://backend.example.com/auth/callback'],
  scopes: ['openid', 'email', 'profile'],
  allowedOAuthFlows: ['code'],
  settings: { requirePkce: false },
};

export const authorizeContext: AuthorizeContext = {
  poolIssuer: POOL_ISSUER,
  findClient: (id) => [publicClient, confidentialClient].find((c) => c.clientId === id),
  resources,
};

export const alice: ClaimsUser = {
  sub: '0b7c9a4e-2f0d-4c71-9a55-3f1d2f7f8e11',
  username: 'alice',
  email: 'alice@example.com',
  emailVerified: true,
  attributes: {
    name: 'Alice Liddell',
    given_name: 'Alice',
    family_name: 'Liddell',
    locale: 'en-GB',
    updated_at: '1767225600',
    phone_number: '+447700900123',
    phone_number_verified: 'true',
    'custom:tier': 'gold',
    sub: 'attacker-chosen',
    iss: 'https://evil.example',
    address: 'not released: no address scope',
  },
  groups: ['admins', 'staff'],
};

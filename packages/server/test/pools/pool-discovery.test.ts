import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { poolDiscovery } from '../../src/pools/pool-discovery.js';
import { POOL_ISSUER } from './fixtures.js';

describe('pool discovery document', () => {
  const doc = poolDiscovery({
    poolIssuer: POOL_ISSUER,
    signingAlgs: ['ES256', 'RS256', 'EdDSA'],
    resourceScopes: ['lj-health-food/list-orders'],
  });

  test('the fields OIDC Discovery 1.0 §3 requires, with the pool’s endpoints', () => {
    assert.equal(doc.issuer, POOL_ISSUER);
    assert.equal(doc.authorization_endpoint, `${POOL_ISSUER}/oauth2/authorize`);
    assert.equal(doc.token_endpoint, `${POOL_ISSUER}/oauth2/token`);
    assert.equal(doc.jwks_uri, `${POOL_ISSUER}/.well-known/jwks.json`);
    assert.deepEqual(doc.response_types_supported, ['code']);
    assert.deepEqual(doc.subject_types_supported, ['public']);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256', 'ES256', 'EdDSA']);
  });

  test('the rest of what clients read', () => {
    assert.equal(doc.userinfo_endpoint, `${POOL_ISSUER}/oauth2/userInfo`);
    assert.equal(doc.revocation_endpoint, `${POOL_ISSUER}/oauth2/revoke`);
    assert.equal(doc.end_session_endpoint, `${POOL_ISSUER}/oauth2/logout`);
    assert.deepEqual(doc.grant_types_supported, [
      'authorization_code',
      'refresh_token',
      'client_credentials',
    ]);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, [
      'client_secret_basic',
      'client_secret_post',
      'none',
    ]);
    assert.deepEqual(doc.scopes_supported, [
      'openid',
      'email',
      'profile',
      'phone',
      'lj-health-food/list-orders',
    ]);
    assert.deepEqual(doc.prompt_values_supported, ['none', 'login', 'consent', 'select_account']);
    assert.equal(doc.authorization_response_iss_parameter_supported, true);
    assert.equal(doc.request_parameter_supported, false);
    for (const claim of [
      'sub',
      'email',
      'email_verified',
      'name',
      'phone_number',
      'cognito:groups',
      'token_use',
    ]) {
      assert.ok((doc.claims_supported as string[]).includes(claim), claim);
    }
  });

  test('every endpoint is under the pool issuer', () => {
    for (const [name, value] of Object.entries(doc)) {
      if (name.endsWith('_endpoint') || name === 'jwks_uri')
        assert.ok(String(value).startsWith(`${POOL_ISSUER}/`), name);
    }
  });

  test('RFC 8414 §3.2: no claim is an empty list or empty value', () => {
    for (const [name, value] of Object.entries(doc)) {
      assert.ok(!(Array.isArray(value) && value.length === 0), `${name} is not an empty list`);
      assert.ok(value !== undefined && value !== null && value !== '', `${name} has a value`);
    }
  });

  test('a key set without RS256 is a deployment fault, caught at once', () => {
    assert.throws(() => poolDiscovery({ poolIssuer: POOL_ISSUER, signingAlgs: ['ES256'] }), TypeError);
  });
});

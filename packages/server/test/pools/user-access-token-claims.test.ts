import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuthError } from '../../src/oauth/errors.js';
import {
  buildUserAccessTokenClaims,
  chooseAccessTokenAudience,
} from '../../src/pools/user-access-token-claims.js';
import { NOW, POOL_ISSUER, resources } from './fixtures.js';

const choose = (scopes: string[], resource?: string) =>
  chooseAccessTokenAudience({ poolIssuer: POOL_ISSUER, scopes, resource, lookup: resources });

function refused(fn: () => unknown, error: string, description: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OAuthError);
    assert.deepEqual([err.status, err.error, err.message], [400, error, description]);
    return true;
  });
}

describe('person access token: audience', () => {
  test('only OIDC scopes: the pool’s userinfo audience', () => {
    assert.deepEqual(choose(['openid', 'email']), {
      audience: `${POOL_ISSUER}/oauth2/userInfo`,
      resource: undefined,
      resourceScopes: [],
    });
  });

  test('qualified scopes of one resource server: that server, short names', () => {
    const chosen = choose([
      'openid',
      'lj-health-food/list-orders',
      'lj-health-food/place-order',
      'lj-health-food/list-orders',
    ]);
    assert.equal(chosen.audience, 'lj-health-food');
    assert.equal(chosen.resource?.alg, 'ES256');
    assert.deepEqual(chosen.resourceScopes, ['list-orders', 'place-order']);
    assert.equal(choose(['https://billing.example.com/read']).audience, 'https://billing.example.com');
  });

  test('resource alone, or agreeing with the scopes', () => {
    assert.equal(choose(['openid'], 'lj-health-food').audience, 'lj-health-food');
    assert.equal(choose(['lj-health-food/list-orders'], 'lj-health-food').audience, 'lj-health-food');
  });

  test('two resource servers, a disagreeing resource, unknown ones', () => {
    refused(
      () => choose(['lj-health-food/list-orders', 'https://billing.example.com/read']),
      'invalid_target',
      'requested scopes belong to more than one resource server; a token is for one audience',
    );
    refused(
      () => choose(['lj-health-food/list-orders'], 'https://billing.example.com'),
      'invalid_target',
      'a requested scope belongs to another resource server than the requested resource',
    );
    refused(() => choose(['openid'], 'nope'), 'invalid_target', 'unknown resource');
    refused(
      () => choose(['nope/read']),
      'invalid_scope',
      'a requested scope belongs to no registered resource server',
    );
    refused(
      () => choose(['lj-health-food/delete-everything']),
      'invalid_scope',
      'a requested scope belongs to no registered resource server',
    );
    refused(
      () => choose(['admin']),
      'invalid_scope',
      'a requested scope belongs to no registered resource server',
    );
  });
});

describe('person access token: claims (RFC 9068 + Cognito)', () => {
  test('exact claims for a resource server audience', () => {
    const audience = choose(['openid', 'email', 'lj-health-food/list-orders']);
    assert.deepEqual(
      buildUserAccessTokenClaims({
        poolIssuer: POOL_ISSUER,
        sub: 'sub-1',
        username: 'alice',
        clientId: 'client-1',
        scopes: ['openid', 'email', 'lj-health-food/list-orders'],
        audience,
        groups: ['admins'],
        authTime: NOW - 60_000,
        now: NOW + 999,
        lifetimeSeconds: 3600,
        jti: 'jti-1',
      }),
      {
        iss: POOL_ISSUER,
        sub: 'sub-1',
        aud: 'lj-health-food',
        client_id: 'client-1',
        scope: 'openid email list-orders',
        iat: NOW / 1000,
        exp: NOW / 1000 + 3600,
        jti: 'jti-1',
        auth_time: NOW / 1000 - 60,
        token_use: 'access',
        username: 'alice',
        'cognito:groups': ['admins'],
      },
    );
  });

  test('no groups: no cognito:groups; userinfo audience', () => {
    const claims = buildUserAccessTokenClaims({
      poolIssuer: POOL_ISSUER,
      sub: 'sub-1',
      username: 'alice',
      clientId: 'client-1',
      scopes: ['openid'],
      audience: choose(['openid']),
      groups: [],
      authTime: NOW,
      now: NOW,
      lifetimeSeconds: 300,
      jti: 'j',
    });
    assert.equal(claims.aud, `${POOL_ISSUER}/oauth2/userInfo`);
    assert.equal(claims.scope, 'openid');
    assert.equal('cognito:groups' in claims, false);
  });
});

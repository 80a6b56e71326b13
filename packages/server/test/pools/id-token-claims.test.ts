import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { atHash, buildIdTokenClaims } from '../../src/pools/id-token-claims.js';
import { alice, NOW, POOL_ISSUER } from './fixtures.js';

const CLIENT = 'p1ub2lic3client4id5abcdefg';
const iat = NOW / 1000;

describe('ID token claims', () => {
  test('openid only: registered claims, Cognito claims, custom attributes; no standard claims', () => {
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: CLIENT,
      user: alice,
      scopes: ['openid'],
      authTime: NOW - 90_500,
      now: NOW,
      lifetimeSeconds: 3600,
    });
    assert.deepEqual(claims, {
      iss: POOL_ISSUER,
      sub: alice.sub,
      aud: CLIENT,
      exp: iat + 3600,
      iat,
      auth_time: iat - 91,
      token_use: 'id',
      'custom:tier': 'gold',
      groups: ['admins', 'staff'],
      'cognito:username': 'alice',
      'cognito:groups': ['admins', 'staff'],
    });
    assert.deepEqual(Object.keys(claims).slice(0, 6), ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time']);
  });

  test('scopes release email, profile and phone claims, typed per OIDC Core §5.1', () => {
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: CLIENT,
      user: alice,
      scopes: ['openid', 'email', 'profile', 'phone'],
      authTime: NOW,
      nonce: 'n-0S6_WzA2Mj',
      now: NOW,
      lifetimeSeconds: 300,
      jti: 'jti-1',
    });
    assert.equal(claims.email, 'alice@example.com');
    assert.equal(claims.email_verified, true);
    assert.equal(claims.name, 'Alice Liddell');
    assert.equal(claims.given_name, 'Alice');
    assert.equal(claims.family_name, 'Liddell');
    assert.equal(claims.locale, 'en-GB');
    assert.equal(claims.updated_at, 1767225600);
    assert.equal(claims.phone_number, '+447700900123');
    assert.equal(claims.phone_number_verified, true);
    assert.equal(claims.nonce, 'n-0S6_WzA2Mj');
    assert.equal(claims.jti, 'jti-1');
    assert.equal(claims.address, undefined);
  });

  test('attributes can never stand in for sub, iss or aud', () => {
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: CLIENT,
      user: {
        ...alice,
        attributes: { ...alice.attributes, 'custom:x': '1', aud: 'evil', token_use: 'access' },
      },
      scopes: ['openid', 'profile', 'email', 'phone'],
      authTime: NOW,
      now: NOW,
      lifetimeSeconds: 300,
    });
    assert.equal(claims.sub, alice.sub);
    assert.equal(claims.iss, POOL_ISSUER);
    assert.equal(claims.aud, CLIENT);
    assert.equal(claims.token_use, 'id');
  });

  test('no groups: groups is empty and cognito:groups absent, as Cognito does', () => {
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: CLIENT,
      user: { ...alice, groups: [], email: null, emailVerified: false, attributes: {} },
      scopes: ['openid', 'email', 'profile', 'phone'],
      authTime: NOW,
      now: NOW,
      lifetimeSeconds: 300,
    });
    assert.deepEqual(claims.groups, []);
    assert.equal('cognito:groups' in claims, false);
    assert.equal('email' in claims, false);
    assert.equal('phone_number' in claims, false);
  });

  test('a malformed updated_at is left out, not sent as a string', () => {
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: CLIENT,
      user: { ...alice, attributes: { updated_at: 'yesterday' } },
      scopes: ['openid', 'profile'],
      authTime: NOW,
      now: NOW,
      lifetimeSeconds: 300,
    });
    assert.equal('updated_at' in claims, false);
  });

  test('at_hash: left half of the alg’s hash, base64url', () => {
    const token = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';
    // OIDC Core §A.3 example: at_hash of this token for RS256.
    assert.equal(atHash(token, 'RS256'), '77QmUPtjPfzWtF2AnpK9RQ');
    assert.equal(atHash(token, 'ES256'), '77QmUPtjPfzWtF2AnpK9RQ');
    const half = (alg: string, len: number) =>
      createHash(alg).update(token).digest().subarray(0, len).toString('base64url');
    assert.equal(atHash(token, 'ES384'), half('sha384', 24));
    assert.equal(atHash(token, 'EdDSA'), half('sha512', 32));
    assert.equal(atHash(token, 'Ed25519'), half('sha512', 32));
    assert.throws(() => atHash(token, 'none'), TypeError);
  });

  test('at_hash follows the alg the token is signed with', () => {
    const claims = buildIdTokenClaims({
      poolIssuer: POOL_ISSUER,
      clientId: CLIENT,
      user: alice,
      scopes: ['openid'],
      authTime: NOW,
      accessToken: 'abc',
      alg: 'EdDSA',
      now: NOW,
      lifetimeSeconds: 300,
    });
    assert.equal(claims.at_hash, atHash('abc', 'EdDSA'));
    assert.notEqual(claims.at_hash, atHash('abc', 'RS256'));
  });
});

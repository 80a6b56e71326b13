import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { grantsUserinfo, userinfoClaims } from '../../src/pools/userinfo-claims.js';
import { alice } from './fixtures.js';

describe('userinfo claims', () => {
  test('openid alone: sub and username only', () => {
    assert.deepEqual(userinfoClaims(alice, ['openid']), { sub: alice.sub, username: 'alice' });
  });

  test('email scope', () => {
    assert.deepEqual(userinfoClaims(alice, ['openid', 'email']), {
      email: 'alice@example.com',
      email_verified: true,
      sub: alice.sub,
      username: 'alice',
    });
  });

  test('profile and phone scopes; custom attributes and unscoped claims stay out', () => {
    assert.deepEqual(userinfoClaims(alice, ['openid', 'profile', 'phone']), {
      name: 'Alice Liddell',
      family_name: 'Liddell',
      given_name: 'Alice',
      locale: 'en-GB',
      updated_at: 1767225600,
      phone_number: '+447700900123',
      phone_number_verified: true,
      sub: alice.sub,
      username: 'alice',
    });
  });

  test('phone_number_verified is false unless the attribute says "true"', () => {
    const claims = userinfoClaims(
      { ...alice, attributes: { phone_number: '+1555', phone_number_verified: 'TRUE' } },
      ['phone'],
    );
    assert.equal(claims.phone_number_verified, false);
  });

  test('an attribute map from JSON cannot answer for inherited names', () => {
    const attributes = JSON.parse('{"__proto__": {"name": "polluted"}, "sub": "x"}') as Record<
      string,
      string
    >;
    assert.deepEqual(userinfoClaims({ ...alice, attributes }, ['profile']), {
      sub: alice.sub,
      username: 'alice',
    });
  });

  test('userinfo needs the openid scope', () => {
    assert.equal(grantsUserinfo(['openid', 'email']), true);
    assert.equal(grantsUserinfo(['email', 'lj-health-food/list-orders']), false);
  });
});

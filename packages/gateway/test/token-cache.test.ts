import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TokenCache } from '../src/auth/token-cache.js';

const claims = {
  iss: 'https://auth.example.com',
  sub: 'c1',
  aud: 'lj-health-food',
  client_id: 'c1',
  scope: 'read write',
  scopes: ['read', 'write'],
  iat: 0,
  exp: 10_000,
  jti: 'j1',
};
const identity = { clientId: 'c1', scopes: ['read', 'write'], claims };

describe('verified-token cache', () => {
  test('a hit lasts ttlMs at most', () => {
    const cache = new TokenCache(1_000);
    cache.set('Bearer a', identity, 10_000, 5_000);
    assert.deepEqual(cache.get('Bearer a', 5_999)?.result, { ok: true, identity });
    assert.equal(cache.get('Bearer a', 6_000), undefined);
    assert.equal(cache.get('Bearer a', 5_500), undefined, 'an expired entry is dropped');
  });

  test('never past the token exp', () => {
    const cache = new TokenCache(60_000);
    cache.set('Bearer a', identity, 6, 5_000); // exp at 6 s = 6000 ms
    assert.ok(cache.get('Bearer a', 5_999));
    assert.equal(cache.get('Bearer a', 6_000), undefined);
  });

  test('ttl 0 caches nothing', () => {
    const cache = new TokenCache(0);
    cache.set('Bearer a', identity, 10_000, 0);
    assert.equal(cache.get('Bearer a', 1), undefined);
  });

  test('keyed by the exact header value, scopes kept as a set', () => {
    const cache = new TokenCache(1_000);
    cache.set('Bearer a', identity, 10_000, 0);
    assert.equal(cache.get('bearer a', 1), undefined);
    assert.deepEqual([...(cache.get('Bearer a', 1)?.scopes ?? [])], ['read', 'write']);
  });

  test('a token that shares only the signature with a cached one is no hit', () => {
    const cache = new TokenCache(1_000);
    cache.set('Bearer h.p.sig', identity, 10_000, 0);
    assert.equal(cache.get('Bearer h.forged.sig', 1), undefined);
    assert.equal(cache.get('Bearer x', 1), undefined);
    assert.ok(cache.get('Bearer h.p.sig', 1), 'the cached token is still a hit');
    const other = { clientId: 'c2', scopes: ['read'], claims: { ...claims, client_id: 'c2' } };
    cache.set('Bearer h.q.sig', other, 10_000, 0);
    assert.equal(cache.get('Bearer h.q.sig', 1)?.result.identity, other);
    assert.equal(cache.get('Bearer h.p.sig', 1), undefined, 'one slot per signature: it was replaced');
  });

  test('bounded: the oldest entries go first', () => {
    const cache = new TokenCache(1_000);
    for (let i = 0; i < 10_001; i++) cache.set(`Bearer ${i}`, identity, 10_000, 0);
    assert.equal(cache.get('Bearer 0', 1), undefined);
    assert.ok(cache.get('Bearer 1', 1));
    assert.ok(cache.get('Bearer 10000', 1));
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  appendQuery,
  authorizationErrorUrl,
  authorizationSuccessUrl,
} from '../../src/pools/authorization-response.js';

const ISS = 'https://id.example.com/pools/local_AbC123xyz';

describe('authorization response', () => {
  test('success carries code, state and iss in that order', () => {
    assert.equal(
      authorizationSuccessUrl('https://app.example.com/cb', { code: 'c0de', state: 's t&=', iss: ISS }),
      'https://app.example.com/cb?code=c0de&state=s+t%26%3D&iss=https%3A%2F%2Fid.example.com%2Fpools%2Flocal_AbC123xyz',
    );
  });

  test('state is left out when the request had none', () => {
    const url = new URL(authorizationSuccessUrl('https://app.example.com/cb', { code: 'c', iss: ISS }));
    assert.deepEqual([...url.searchParams.keys()], ['code', 'iss']);
  });

  test("the registered URI's own query is kept as registered", () => {
    assert.equal(
      authorizationSuccessUrl('https://app.example.com/cb?tenant=A%20b&x', { code: 'c', iss: 'i' }),
      'https://app.example.com/cb?tenant=A%20b&x&code=c&iss=i',
    );
    assert.equal(
      appendQuery('http://127.0.0.1:8080/cb?', [['code', 'c']]),
      'http://127.0.0.1:8080/cb?code=c',
    );
    assert.equal(
      appendQuery('http://127.0.0.1:8080/cb?a=1&', [['code', 'c']]),
      'http://127.0.0.1:8080/cb?a=1&code=c',
    );
    assert.equal(
      appendQuery('https://app.example.com/cb', [['state', undefined]]),
      'https://app.example.com/cb',
    );
  });

  test('errors carry error, error_description, state and iss', () => {
    const url = authorizationErrorUrl('https://app.example.com/cb', {
      error: 'invalid_scope',
      description: 'no scope was requested',
      state: 'xyz',
      iss: ISS,
    });
    assert.equal(
      url,
      `https://app.example.com/cb?error=invalid_scope&error_description=no+scope+was+requested&state=xyz&iss=${encodeURIComponent(ISS)}`,
    );
  });

  test('hostile state cannot add parameters, break lines or change the target', () => {
    const state = 'a&code=evil\r\nLocation: https://evil.example#frag';
    const url = authorizationSuccessUrl('https://app.example.com/cb', { code: 'good', state, iss: ISS });
    assert.doesNotMatch(url, /[\r\n#]/);
    const parsed = new URL(url);
    assert.equal(parsed.origin + parsed.pathname, 'https://app.example.com/cb');
    assert.deepEqual(parsed.searchParams.getAll('code'), ['good']);
    assert.equal(parsed.searchParams.get('state'), state);
  });
});

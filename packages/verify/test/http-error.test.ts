import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bearerToken, toHttpError, VerifyError, type VerifyErrorCode } from '../src/index.js';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return assert.fail('did not throw');
}

describe('bearerToken', () => {
  test('takes exactly one token after the Bearer scheme, in any case', () => {
    assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
    assert.equal(bearerToken('bearer abc'), 'abc');
    assert.equal(bearerToken('BEARER    abc'), 'abc');
    assert.equal(bearerToken('  Bearer abc  '), 'abc');
    assert.equal(bearerToken('Bearer a-b_c~d+e/f=='), 'a-b_c~d+e/f==');
  });

  test('no credentials, or another scheme: ERR_TOKEN_MALFORMED on "Authorization", never echoing the value', () => {
    const cases: [string | undefined, unknown][] = [
      [undefined, undefined],
      ['', undefined],
      ['   ', undefined],
      ['Basic dXNlcjpwYXNz', 'Basic'],
      ['eyJhbGciOiJFUzI1NiJ9.e30.c2ln', 'unknown'],
      ['DPoP abc', 'DPoP'],
    ];
    for (const [header, actual] of cases) {
      const error = thrownBy(() => bearerToken(header));
      assert.ok(error instanceof VerifyError);
      assert.equal(error.code, 'ERR_TOKEN_MALFORMED');
      assert.deepEqual(error.failedAssertion, { claim: 'Authorization', actual, expected: 'Bearer <token>' });
      assert.ok(!error.message.includes('dXNlcjpwYXNz') && !error.message.includes('eyJhbGci'));
    }
  });

  test('a malformed Bearer credential names the scheme as sent', () => {
    for (const [header, message] of [
      ['Bearer', /has no token/],
      ['bearer   ', /has no token/],
      ['Bearer a b', /more than one token/],
      ['Bearer a"b', /is not a token/],
      ['Bearer =abc', /is not a token/],
    ] as const) {
      const error = thrownBy(() => bearerToken(header));
      assert.ok(error instanceof VerifyError);
      assert.match(error.message, message);
      assert.equal(error.failedAssertion?.actual, header.trim().split(' ')[0]);
    }
  });
});

describe('toHttpError', () => {
  const err = (code: VerifyErrorCode, expected?: unknown) =>
    new VerifyError(
      code,
      'detail that must not leak',
      expected === undefined ? undefined : { claim: 'scope', actual: [], expected },
    );

  test('no credentials: 401 with a bare challenge (RFC 6750 §3.1), plus realm and resource_metadata when set', () => {
    const missing = thrownBy(() => bearerToken(undefined));
    assert.deepEqual(toHttpError(missing), {
      status: 401,
      wwwAuthenticate: 'Bearer',
      body: {
        error: 'invalid_request',
        error_description: 'An access token is required (Authorization: Bearer)',
      },
    });
    assert.equal(
      toHttpError(missing, undefined, { realm: 'orders' }).wwwAuthenticate,
      'Bearer realm="orders"',
    );
    assert.equal(
      toHttpError(
        thrownBy(() => bearerToken('Basic x')),
        [],
        {
          realm: 'orders',
          resourceMetadata: 'https://orders.example.com/.well-known/oauth-protected-resource',
        },
      ).wwwAuthenticate,
      'Bearer realm="orders", resource_metadata="https://orders.example.com/.well-known/oauth-protected-resource"',
    );
  });

  test('a malformed Bearer header: 401 invalid_request', () => {
    assert.deepEqual(
      toHttpError(
        thrownBy(() => bearerToken('Bearer a b')),
        undefined,
        { realm: 'api' },
      ),
      {
        status: 401,
        wwwAuthenticate:
          'Bearer realm="api", error="invalid_request", error_description="The Authorization header must hold the Bearer scheme and one token"',
        body: {
          error: 'invalid_request',
          error_description: 'The Authorization header must hold the Bearer scheme and one token',
        },
      },
    );
  });

  test('every invalid-token code: 401 invalid_token with a fixed description', () => {
    const expected: Partial<Record<VerifyErrorCode, string>> = {
      ERR_TOKEN_MALFORMED: 'The access token is malformed',
      ERR_TOKEN_EXPIRED: 'The access token expired',
      ERR_TOKEN_NOT_YET_VALID: 'The access token is not valid yet',
      ERR_SIGNATURE_INVALID: 'The access token signature is invalid',
      ERR_ISSUER_MISMATCH: 'The access token was issued by an untrusted issuer',
      ERR_AUDIENCE_MISMATCH: 'The access token is not meant for this resource',
      ERR_TYP_INVALID: 'The token is not a JWT access token',
      ERR_ALG_NOT_ALLOWED: 'The access token is signed with an algorithm that is not allowed',
      ERR_KEY_NOT_FOUND: 'The access token is signed with an unknown key',
      ERR_TOKEN_REVOKED: 'The access token has been revoked',
    };
    for (const [code, description] of Object.entries(expected)) {
      assert.deepEqual(toHttpError(err(code as VerifyErrorCode)), {
        status: 401,
        wwwAuthenticate: `Bearer error="invalid_token", error_description="${description}"`,
        body: { error: 'invalid_token', error_description: description },
      });
    }
  });

  test('insufficient scope: 403 with the required scopes; client not allowed: 403 without', () => {
    assert.deepEqual(
      toHttpError(err('ERR_INSUFFICIENT_SCOPE', ['list-orders']), undefined, { realm: 'orders' }),
      {
        status: 403,
        wwwAuthenticate:
          'Bearer realm="orders", error="insufficient_scope", error_description="The access token does not carry the required scope", scope="list-orders"',
        body: {
          error: 'insufficient_scope',
          error_description: 'The access token does not carry the required scope',
        },
      },
    );
    assert.match(
      toHttpError(err('ERR_INSUFFICIENT_SCOPE', ['a']), ['a', 'b']).wwwAuthenticate,
      /, scope="a b"$/,
    );
    assert.equal(
      toHttpError(err('ERR_CLIENT_NOT_ALLOWED')).wwwAuthenticate,
      'Bearer error="insufficient_scope", error_description="The client is not allowed to access this resource"',
    );
  });

  test('keys unavailable or an unexpected error: 503 temporarily_unavailable', () => {
    for (const error of [err('ERR_JWKS_UNAVAILABLE'), new Error('boom'), 'nope']) {
      const answer = toHttpError(error, undefined, { realm: 'r' });
      assert.equal(answer.status, 503);
      assert.equal(answer.wwwAuthenticate, 'Bearer realm="r"');
      assert.equal(answer.body.error, 'temporarily_unavailable');
      assert.ok(!JSON.stringify(answer).includes('boom') && !JSON.stringify(answer).includes('leak'));
    }
  });

  test('a stale revocation list: 503 temporarily_unavailable, not 401 (the token may be fine)', () => {
    assert.deepEqual(toHttpError(err('ERR_REVOCATION_STALE'), ['a'], { realm: 'r' }), {
      status: 503,
      wwwAuthenticate: 'Bearer realm="r"',
      body: {
        error: 'temporarily_unavailable',
        error_description: 'The revocation list of the authorization server is out of date, try again later',
      },
    });
  });

  test('challenge values are quoted safely', () => {
    const answer = toHttpError(err('ERR_TOKEN_EXPIRED'), undefined, { realm: 'a"b\\c\r\n' });
    assert.match(answer.wwwAuthenticate, /^Bearer realm="a\\"b\\\\c", error="invalid_token"/);
  });
});

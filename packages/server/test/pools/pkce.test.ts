import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import { OAuthError } from '../../src/oauth/errors.js';
import { isCodeVerifier, isS256Challenge, s256Challenge, verifyPkce } from '../../src/pools/pkce.js';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const stored = { codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' };

function refused(fn: () => void, error: string, description: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OAuthError);
    assert.deepEqual([err.status, err.error, err.message], [400, error, description]);
    return true;
  });
}

describe('PKCE (RFC 7636)', () => {
  test('S256 matches the RFC 7636 Appendix B example and oauth4webapi', async () => {
    assert.equal(s256Challenge(VERIFIER), CHALLENGE);
    const verifier = oauth.generateRandomCodeVerifier();
    assert.equal(s256Challenge(verifier), await oauth.calculatePKCECodeChallenge(verifier));
  });

  test('verifier syntax: 43 to 128 unreserved characters', () => {
    assert.equal(isCodeVerifier('a'.repeat(43)), true);
    assert.equal(isCodeVerifier('A-._~z'.padEnd(128, '9')), true);
    assert.equal(isCodeVerifier('a'.repeat(42)), false);
    assert.equal(isCodeVerifier('a'.repeat(129)), false);
    for (const bad of ['+', '/', '=', ' ', '%', '\n', 'é']) {
      assert.equal(isCodeVerifier(bad.padEnd(43, 'a')), false, JSON.stringify(bad));
    }
  });

  test('S256 challenge syntax: exactly 43 base64url characters', () => {
    assert.equal(isS256Challenge(CHALLENGE), true);
    assert.equal(isS256Challenge(`${CHALLENGE}=`), false);
    assert.equal(isS256Challenge(CHALLENGE.slice(1)), false);
    assert.equal(isS256Challenge(CHALLENGE.replace('-', '+')), false);
    assert.equal(isS256Challenge('~'.repeat(43)), false);
  });

  test('the right verifier passes', () => {
    verifyPkce(stored, VERIFIER);
  });

  test('a wrong, missing or malformed verifier is refused', () => {
    refused(
      () => verifyPkce(stored, `${VERIFIER.slice(0, -1)}l`),
      'invalid_grant',
      'PKCE verification failed',
    );
    refused(() => verifyPkce(stored, undefined), 'invalid_grant', 'code_verifier is required for this code');
    refused(
      () => verifyPkce(stored, 'short'),
      'invalid_request',
      'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~',
    );
    refused(
      () => verifyPkce(stored, 'a'.repeat(100_000)),
      'invalid_request',
      'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~',
    );
  });

  test('plain is never accepted, even when verifier equals challenge', () => {
    const plain = { codeChallenge: VERIFIER, codeChallengeMethod: 'plain' };
    refused(() => verifyPkce(plain, VERIFIER), 'invalid_grant', 'PKCE verification failed');
    refused(
      () => verifyPkce({ codeChallenge: CHALLENGE, codeChallengeMethod: null }, VERIFIER),
      'invalid_grant',
      'PKCE verification failed',
    );
  });

  test('a verifier for a code issued without a challenge is refused (RFC 9700 §2.1.1 downgrade)', () => {
    const none = { codeChallenge: null, codeChallengeMethod: null };
    verifyPkce(none, undefined);
    refused(
      () => verifyPkce(none, VERIFIER),
      'invalid_grant',
      'code_verifier sent, but the authorization request had no code_challenge',
    );
  });
});

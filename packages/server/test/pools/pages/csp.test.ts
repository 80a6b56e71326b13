import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createNonce, pageHeaders } from '../../../src/pools/pages/csp.js';

describe('hosted pages: security headers', () => {
  test('a strict CSP with the nonce, and the other headers', () => {
    const nonce = createNonce();
    assert.deepEqual(pageHeaders(nonce), {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        `default-src 'none'; style-src 'nonce-${nonce}'; img-src https: data:; form-action 'self'; ` +
        "frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });

  test("form-action adds the origins of the app's callbacks, once each", () => {
    const csp = pageHeaders(createNonce(), [
      'https://app.example.com/callback?x=1',
      'https://app.example.com/other',
      'http://127.0.0.1:3000/cb',
    ])['content-security-policy'];
    assert.match(csp ?? '', /form-action 'self' https:\/\/app\.example\.com http:\/\/127\.0\.0\.1:3000;/);
  });

  test('a nonce or form target that could break the header is refused', () => {
    assert.throws(() => pageHeaders("abc'; script-src *"), TypeError);
    assert.throws(() => pageHeaders('c2hvcnQ='), TypeError);
    assert.throws(() => pageHeaders(createNonce(), ['javascript:alert(1)']), TypeError);
    assert.throws(() => pageHeaders(createNonce(), ['/relative']), TypeError);
  });

  test('nonces differ per call', () => {
    assert.notEqual(createNonce(), createNonce());
  });
});

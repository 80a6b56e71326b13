import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  confirmationCodeMessage,
  passwordResetCodeMessage,
  temporaryPasswordMessage,
} from '../../src/services/mail/pool-messages.js';

const pool = {
  name: 'shop-customers',
  settings: { branding: { displayName: 'LJ Health Food', primaryColor: '#2a7d2e' } },
};
const to = 'ada@example.com';

describe('pool messages', () => {
  test('confirmation code: the code in text and HTML, branded, expiry stated', () => {
    const message = confirmationCodeMessage(pool, to, '042917');
    assert.equal(message.to, to);
    assert.equal(message.subject, 'Your LJ Health Food verification code');
    assert.match(message.text, /^Your verification code is 042917$/m);
    assert.match(message.text, /expires in 24 hours/);
    assert.match(message.html ?? '', />042917</);
    assert.match(message.html ?? '', /background:#2a7d2e/);
    assert.ok(!message.subject.includes('042917'), 'the code stays out of the subject, which servers log');
  });

  test('reset code: its own wording and a 1 hour expiry', () => {
    const message = passwordResetCodeMessage(pool, to, '000123');
    assert.equal(message.subject, 'Reset your LJ Health Food password');
    assert.match(message.text, /^Your password reset code is 000123$/m);
    assert.match(message.text, /expires in 1 hour\./);
  });

  test('the pool name stands in for a missing or blank display name; a bad colour falls back', () => {
    for (const settings of [
      undefined,
      { branding: {} },
      { branding: { displayName: '  ', primaryColor: 'red;x:y' } },
    ]) {
      const message = confirmationCodeMessage(
        { name: 'shop-customers', ...(settings ? { settings } : {}) },
        to,
        '123456',
      );
      assert.equal(message.subject, 'Your shop-customers verification code');
      assert.match(message.html ?? '', /background:#1f4f8b/);
    }
  });

  test('every value is HTML-escaped', () => {
    const evil = {
      name: 'p',
      settings: { branding: { displayName: '<script>alert("x")</script> & \'co\'' } },
    };
    const invite = temporaryPasswordMessage(evil, to, {
      username: '<b>ada</b>',
      temporaryPassword: 'T3mp<&>"\'pw',
      signInUrl: 'https://auth.example.com/pools/local_AbC123xyz/login?a=1&b="2"',
    });
    const html = invite.html ?? '';
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('<b>ada'));
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;co&#39;/);
    assert.match(html, /T3mp&lt;&amp;&gt;&quot;&#39;pw/);
    assert.match(html, /a=1&amp;b=&quot;2&quot;/);
    // The text part is not HTML: it keeps the values as they are.
    assert.match(invite.text, /^Your temporary password is T3mp<&>"'pw$/m);
    assert.match(invite.text, /Your username is <b>ada<\/b>\./);
  });

  test('a message carries its one code and nothing else secret', () => {
    const message = confirmationCodeMessage(pool, to, '987654');
    const digits = `${message.text}\n${message.html ?? ''}`.match(/\b\d{6}\b/g);
    assert.deepEqual(digits, ['987654', '987654']);
  });
});

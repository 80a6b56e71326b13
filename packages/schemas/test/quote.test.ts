import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import { jsString, shellQuote } from '../src/index.js';

/** Values an attacker would choose: every shell metacharacter, quotes of each kind, newlines. */
const HOSTILE = [
  'https://x.example.com/$(touch /tmp/pwned)',
  'a;id',
  "it's",
  "''",
  "'\\''",
  'a|b',
  '`id`',
  '$HOME ${HOME}',
  'a&b',
  'a"b',
  'a\\b',
  '!!',
  '*',
  '~root',
  '=ls',
  'two\nlines',
  'tab\there',
  '#comment',
  '(sub)',
  '<in >out',
  '',
  'plain-value_1.2:3@example/x',
  '\u2028\u2029',
  '</script>',
];

describe('shellQuote', () => {
  it('leaves plainly safe words bare and quotes the rest', () => {
    assert.equal(shellQuote('lj-health-food/place-order'), 'lj-health-food/place-order');
    assert.equal(
      shellQuote('https://auth.example.com/oauth2/token'),
      'https://auth.example.com/oauth2/token',
    );
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('=ls'), `'=ls'`);
    assert.equal(shellQuote(''), `''`);
  });

  it('gives bash back exactly the value, running nothing', () => {
    const script = HOSTILE.map((value) => `printf '%s\\0' ${shellQuote(value)}`).join('\n');
    const out = execFileSync('bash', ['--noprofile', '--norc', '-c', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' },
    });
    assert.deepEqual(out.split('\0').slice(0, -1), HOSTILE);
  });
});

describe('jsString', () => {
  it('is a JavaScript literal of exactly the value', () => {
    for (const value of [...HOSTILE, 'a\u0000b', '\u007f\u0085']) {
      const literal = jsString(value);
      assert.ok(literal.startsWith("'") && literal.endsWith("'"));
      assert.ok(!/[\n\r\u2028\u2029]/.test(literal), 'stays on one line');
      assert.equal(runInNewContext(literal), value, literal);
    }
  });
  it('cannot end the string early', () => {
    assert.equal(jsString("'); process.exit(1); ('"), `'\\'); process.exit(1); (\\''`);
  });
});

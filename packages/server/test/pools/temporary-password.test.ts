import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { passwordIssues } from '../../src/services/pools/pool-passwords.js';
import { generateTemporaryPassword } from '../../src/services/pools/temporary-password.js';

describe('generated temporary passwords', () => {
  test('are at least 16 characters, or the pool minimum, with every character class', () => {
    for (const min of [6, 12, 16, 40, 256]) {
      const password = generateTemporaryPassword(min);
      assert.equal(password.length, Math.max(min, 16));
      assert.match(password, /[a-z]/);
      assert.match(password, /[A-Z]/);
      assert.match(password, /[0-9]/);
      assert.match(password, /[^A-Za-z0-9]/);
      assert.deepEqual(passwordIssues(password, { minLength: min, username: 'kim' }), []);
    }
  });

  test('differ every time', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateTemporaryPassword(12)));
    assert.equal(seen.size, 200);
  });
});

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PasswordHasher } from '../../src/crypto/password-hasher.js';
import { TooBusyError } from '../../src/services/errors.js';
import {
  COMMON_PASSWORDS_FILE,
  commonPasswords,
  passwordIssues,
  PoolPasswords,
} from '../../src/services/pools/pool-passwords.js';

const PACKAGE_DIR = new URL('../../../', import.meta.url);

describe('pool passwords', () => {
  const hasher = new PasswordHasher({ concurrency: 1, queue: 4 });
  const passwords = new PoolPasswords(hasher);
  after(() => hasher.close());

  test('the bundled common-password list is large and ships with the package', () => {
    const list = commonPasswords();
    assert.ok(list.size >= 10_000, `only ${list.size} entries`);
    for (const common of ['123456', 'password', 'qwerty123', 'iloveyou', 'password123']) {
      assert.ok(list.has(common), common);
    }
    const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_DIR), 'utf8')) as { files: string[] };
    const path = relative(fileURLToPath(PACKAGE_DIR), fileURLToPath(COMMON_PASSWORDS_FILE));
    assert.equal(path, 'data/common-passwords.txt');
    assert.ok(
      pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`)),
      `${path} is not among package.json "files": ${pkg.files.join(', ')}`,
    );
  });

  test('policy: length in characters, common passwords in any case, never the username or email', () => {
    const issues = (password: string, minLength = 12) =>
      passwordIssues(password, { minLength, username: 'Robin', email: 'robin@example.com' }).map(
        (i) => i.message,
      );
    assert.deepEqual(issues('a'.repeat(11)), ['must be at least 12 characters']);
    assert.deepEqual(issues('é'.repeat(6), 6), []);
    assert.deepEqual(issues('e\u0301'.repeat(6), 6), [], 'a combining accent is one character once composed');
    assert.deepEqual(issues('QWERTY123', 6), [
      'is one of the most common passwords; choose one that is harder to guess',
    ]);
    assert.deepEqual(issues('ROBIN', 5), ['must not be the username or email']);
    assert.deepEqual(issues('Robin@Example.com', 6), ['must not be the username or email']);
    assert.deepEqual(issues('correct horse battery staple'), []);
  });

  test('argon2id hashes verify; wrong passwords, unknown users and broken hashes do not', async () => {
    const hash = await passwords.hash('correct horse battery staple');
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.notEqual(await passwords.hash('correct horse battery staple'), hash, 'salted');
    assert.equal(await passwords.verify('correct horse battery staple', hash), true);
    assert.equal(await passwords.verify('correct horse battery stapl', hash), false);
    assert.equal(await passwords.verify('correct horse battery staple', null), false);
    assert.equal(
      await passwords.verify(
        'x',
        '$argon2id$v=19$m=99999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ),
      false,
    );
    // Portal accounts keep their scrypt hashes, on the same workers.
    const scrypt = await hasher.hash('portal password here');
    assert.match(scrypt, /^scrypt\$/);
    const lease = await hasher.lease();
    try {
      assert.equal(await lease.verify('portal password here', scrypt), true);
      assert.equal(await lease.verify('portal password here', hash), false);
      assert.equal(await lease.verify('correct horse battery staple', hash), true);
    } finally {
      lease.release();
    }
  });

  test('an unknown user costs a real argon2id check', async () => {
    // Counted, not timed: a timing assertion would fail on a busy machine, a count cannot.
    const before = hasher.stats.completed;
    await passwords.verify('x', null);
    assert.equal(hasher.stats.completed, before + 1);
  });

  test('past the hashing limit, callers are refused at once as busy', async () => {
    const small = new PasswordHasher({ concurrency: 1, queue: 0 });
    const limited = new PoolPasswords(small);
    try {
      const lease = await limited.lease();
      await assert.rejects(limited.hash('another long password'), TooBusyError);
      lease.release();
      assert.match(await limited.hash('another long password'), /^\$argon2id\$/);
    } finally {
      await small.close();
    }
  });
});

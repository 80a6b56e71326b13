import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  CODE_TTL_MS,
  type CodePurpose,
  MAX_CODE_ATTEMPTS,
  type StoredUserCode,
  type UserCodeRepo,
  UserCodeService,
} from '../../src/services/pools/user-codes.js';
import { TestClock } from '../support/clock.js';

/** pool_user_codes in memory, with the store's conditional statements done as one step each. */
class FakeCodeRepo implements UserCodeRepo {
  readonly rows = new Map<string, StoredUserCode>();
  private key = (sub: string, purpose: CodePurpose) => `${sub}\n${purpose}`;
  async upsert(code: StoredUserCode): Promise<void> {
    this.rows.set(this.key(code.sub, code.purpose), { ...code });
  }
  async find(sub: string, purpose: CodePurpose): Promise<StoredUserCode | undefined> {
    const row = this.rows.get(this.key(sub, purpose));
    return row && { ...row };
  }
  async incrementAttempts(
    sub: string,
    purpose: CodePurpose,
    codeHash: string,
    max: number,
  ): Promise<boolean> {
    const row = this.rows.get(this.key(sub, purpose));
    if (!row || row.codeHash !== codeHash || row.attempts >= max) return false;
    row.attempts += 1;
    return true;
  }
  async delete(sub: string, purpose: CodePurpose, codeHash?: string): Promise<boolean> {
    const row = this.rows.get(this.key(sub, purpose));
    if (!row || (codeHash !== undefined && row.codeHash !== codeHash)) return false;
    return this.rows.delete(this.key(sub, purpose));
  }
}

const SUB = '2f0c6a52-6a86-4c0f-9d4e-3f4a1b2c3d4e';

function setup() {
  const repo = new FakeCodeRepo();
  const clock = new TestClock();
  const codes = new UserCodeService(repo, clock, randomBytes(32));
  return { repo, clock, codes };
}

/** A well-formed code that is not `code`. */
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('user codes', () => {
  test('a code is 6 digits, stored only as a keyed hash, and works once', async () => {
    const { repo, clock, codes } = setup();
    const { code, expiresAt } = await codes.issue(SUB, 'confirm_sign_up');
    assert.match(code, /^\d{6}$/);
    assert.equal(expiresAt, clock.now() + 24 * 3_600_000);
    const row = [...repo.rows.values()][0];
    assert.ok(row);
    assert.equal(row.attempts, 0);
    assert.ok(!row.codeHash.includes(code));
    assert.match(row.codeHash, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', code), { ok: true });
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', code), { ok: false, reason: 'missing' });
  });

  test('a code is bound to its user and its purpose', async () => {
    const { repo, codes } = setup();
    const { code } = await codes.issue(SUB, 'reset_password');
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', code), { ok: false, reason: 'missing' });
    // The hash copied onto another user's row does not match that user's check.
    const row = [...repo.rows.values()][0] as StoredUserCode;
    await repo.upsert({ ...row, sub: 'someone-else' });
    assert.deepEqual(await codes.check('someone-else', 'reset_password', code), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(await codes.check(SUB, 'reset_password', code), { ok: true });
  });

  test('the same code under another server key does not match', async () => {
    const repo = new FakeCodeRepo();
    const clock = new TestClock();
    const { code } = await new UserCodeService(repo, clock, randomBytes(32)).issue(SUB, 'confirm_sign_up');
    const otherServer = new UserCodeService(repo, clock, randomBytes(32));
    assert.deepEqual(await otherServer.check(SUB, 'confirm_sign_up', code), {
      ok: false,
      reason: 'mismatch',
    });
  });

  test('expiry: 24 h for sign-up, 1 h for reset, to the millisecond', async () => {
    assert.equal(CODE_TTL_MS.confirm_sign_up, 86_400_000);
    assert.equal(CODE_TTL_MS.reset_password, 3_600_000);
    for (const purpose of ['confirm_sign_up', 'reset_password'] as const) {
      const { repo, clock, codes } = setup();
      const first = await codes.issue(SUB, purpose);
      clock.advance(CODE_TTL_MS[purpose] - 1);
      assert.deepEqual(await codes.check(SUB, purpose, first.code), { ok: true });
      const second = await codes.issue(SUB, purpose);
      clock.advance(CODE_TTL_MS[purpose]);
      assert.deepEqual(await codes.check(SUB, purpose, second.code), { ok: false, reason: 'expired' });
      assert.equal(repo.rows.size, 0, 'an expired code is removed');
    }
  });

  test('five wrong guesses, then even the right code is refused', async () => {
    const { codes } = setup();
    const { code } = await codes.issue(SUB, 'confirm_sign_up');
    assert.equal(MAX_CODE_ATTEMPTS, 5);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i += 1) {
      assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', other(code)), {
        ok: false,
        reason: 'mismatch',
      });
    }
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', code), { ok: false, reason: 'exhausted' });
  });

  test('the right code on the fifth try still works', async () => {
    const { codes } = setup();
    const { code } = await codes.issue(SUB, 'reset_password');
    for (let i = 0; i < MAX_CODE_ATTEMPTS - 1; i += 1) await codes.check(SUB, 'reset_password', other(code));
    assert.deepEqual(await codes.check(SUB, 'reset_password', code), { ok: true });
  });

  test('malformed codes are refused and count as attempts', async () => {
    const { repo, codes } = setup();
    const { code } = await codes.issue(SUB, 'confirm_sign_up');
    for (const bad of ['', ` ${code}`, `${code}0`, 'abcdef', '１２３４５６']) {
      assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', bad), { ok: false, reason: 'mismatch' });
    }
    assert.equal([...repo.rows.values()][0]?.attempts, MAX_CODE_ATTEMPTS);
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', code), { ok: false, reason: 'exhausted' });
  });

  test('concurrent guesses never get more than five tries', async () => {
    const { repo, codes } = setup();
    const { code } = await codes.issue(SUB, 'confirm_sign_up');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => codes.check(SUB, 'confirm_sign_up', other(code))),
    );
    assert.equal(results.filter((r) => !r.ok && r.reason === 'mismatch').length, MAX_CODE_ATTEMPTS);
    assert.equal([...repo.rows.values()][0]?.attempts, MAX_CODE_ATTEMPTS);
  });

  test('two requests with the right code: one wins', async () => {
    const { codes } = setup();
    const { code } = await codes.issue(SUB, 'reset_password');
    const results = await Promise.all([1, 2, 3].map(() => codes.check(SUB, 'reset_password', code)));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  test('resend replaces the code and restores the attempts', async () => {
    const { codes } = setup();
    const first = await codes.issue(SUB, 'confirm_sign_up');
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i += 1)
      await codes.check(SUB, 'confirm_sign_up', other(first.code));
    let second = await codes.issue(SUB, 'confirm_sign_up');
    // One in a million: the new code may equal the old one; draw again so the test means something.
    while (second.code === first.code) second = await codes.issue(SUB, 'confirm_sign_up');
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', first.code), {
      ok: false,
      reason: 'mismatch',
    });
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', second.code), { ok: true });
  });

  test('discard removes a pending code', async () => {
    const { codes } = setup();
    const { code } = await codes.issue(SUB, 'confirm_sign_up');
    await codes.discard(SUB, 'confirm_sign_up');
    assert.deepEqual(await codes.check(SUB, 'confirm_sign_up', code), { ok: false, reason: 'missing' });
  });

  test('codes are spread over all six digits, leading zeros kept', async () => {
    const { codes } = setup();
    const seen = new Set<string>();
    const firstDigits = new Set<string>();
    for (let i = 0; i < 400; i += 1) {
      const { code } = await codes.issue(`user-${i}`, 'confirm_sign_up');
      assert.match(code, /^\d{6}$/);
      seen.add(code);
      firstDigits.add(code[0] as string);
    }
    assert.ok(seen.size > 390, `${seen.size} distinct codes of 400`);
    assert.equal(firstDigits.size, 10, 'every leading digit, 0 included, shows up');
  });
});

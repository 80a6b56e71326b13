import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ConflictError } from '../../src/services/errors.js';
import { selfServiceActor } from '../../src/services/pools/self-service-actor.js';
import { CODE_ATTEMPTS, PoolCodeError } from '../../src/services/pools/user-codes.js';
import { eachStore, strongPassword } from './harness.js';

const person = selfServiceActor({ ip: '198.51.100.9', userAgent: 'browser' });
const refusedFor = (reason: string) => (error: unknown) =>
  error instanceof PoolCodeError && error.reason === reason;

eachStore('sign-up confirmation codes', (world) => {
  let poolId = '';
  const signUp = async (username: string) => {
    const { gatehouse, alice } = world();
    poolId ||= (await gatehouse.userPools.create({ name: 'Codes', team: 'orders', selfSignUp: true }, alice))
      .id;
    await gatehouse.poolUsers.signUp(
      poolId,
      { username, email: `${username}@example.com`, password: strongPassword() },
      person,
    );
    const issued = await gatehouse.poolUsers.issueConfirmationCode(poolId, username);
    assert.ok(issued);
    assert.match(issued.code, /^\d{6}$/);
    return issued;
  };
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  test('the emailed code confirms the user and verifies the email; it is stored only as a keyed hash', async () => {
    const { gatehouse } = world();
    const { user, code } = await signUp('quinn');
    const raw = await gatehouse.db.get<{ code_hash: string }>(
      'SELECT code_hash FROM pool_user_codes WHERE sub = ?',
      [user.sub],
    );
    assert.ok(raw && !raw.code_hash.includes(code));
    assert.notEqual(raw.code_hash, createHash('sha256').update(code).digest('base64url'));
    await assert.rejects(
      gatehouse.poolUsers.confirmWithCode(poolId, 'quinn', wrong(code), person),
      refusedFor('mismatch'),
    );
    await assert.rejects(
      gatehouse.poolUsers.confirmWithCode(poolId, 'quinn', 'abcdef', person),
      refusedFor('mismatch'),
    );
    const confirmed = await gatehouse.poolUsers.confirmWithCode(poolId, 'quinn', code, person);
    assert.equal(confirmed.status, 'CONFIRMED');
    assert.equal(confirmed.emailVerified, true);
    await assert.rejects(gatehouse.poolUsers.confirmWithCode(poolId, 'quinn', code, person), ConflictError);
    assert.equal(await gatehouse.poolUsers.issueConfirmationCode(poolId, 'quinn'), undefined);
  });

  test('a code allows a few attempts, expires, and a resent code replaces it', async () => {
    const { gatehouse, clock } = world();
    const first = await signUp('rowan');
    for (let i = 0; i < CODE_ATTEMPTS; i++) {
      await assert.rejects(
        gatehouse.poolUsers.confirmWithCode(poolId, 'rowan', wrong(first.code), person),
        refusedFor('mismatch'),
      );
    }
    await assert.rejects(
      gatehouse.poolUsers.confirmWithCode(poolId, 'rowan', first.code, person),
      refusedFor('too_many_attempts'),
    );
    const second = await gatehouse.poolUsers.issueConfirmationCode(poolId, 'rowan');
    assert.ok(second);
    clock.advance(24 * 3600_000);
    await assert.rejects(
      gatehouse.poolUsers.confirmWithCode(poolId, 'rowan', second.code, person),
      refusedFor('expired'),
    );
    const third = await gatehouse.poolUsers.issueConfirmationCode(poolId, 'rowan');
    assert.ok(third);
    assert.equal(
      (await gatehouse.poolUsers.confirmWithCode(poolId, 'rowan', third.code, person)).status,
      'CONFIRMED',
    );
  });

  test('the right code sent twice at once confirms once', async () => {
    const { gatehouse } = world();
    const { code } = await signUp('sky');
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => gatehouse.poolUsers.confirmWithCode(poolId, 'sky', code, person)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  });
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

test('sign-in and client authentication limits: defaults, overrides, and bad values named at start', () => {
  const defaults = loadConfig({}, {});
  assert.deepEqual(defaults.signIn, {
    account: { limit: 5, lockMs: 30_000, maxLockMs: 900_000, windowMs: 3_600_000 },
    address: { limit: 20, lockMs: 1_000, maxLockMs: 900_000, windowMs: 3_600_000 },
    refusalDelayMs: 250,
  });
  assert.deepEqual(defaults.passwordHashing, { concurrency: 1, queue: 4 });
  assert.deepEqual(defaults.clientAuth, { perClient: 100, perAddress: 300, windowMs: 60_000 });

  const tuned = loadConfig(
    {},
    {
      GATEHOUSE_LOGIN_MAX_FAILURES: '3',
      GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '0',
      GATEHOUSE_PASSWORD_HASH_CONCURRENCY: '2',
      GATEHOUSE_CLIENT_AUTH_WINDOW_SECONDS: '10',
    },
  );
  assert.equal(tuned.signIn.account.limit, 3);
  assert.equal(tuned.signIn.address, undefined, '0 turns the per-address count off');
  assert.equal(tuned.passwordHashing.concurrency, 2);
  assert.equal(tuned.clientAuth.windowMs, 10_000);

  const refused: [Record<string, string>, RegExp][] = [
    [{ GATEHOUSE_LOGIN_MAX_FAILURES: '0' }, /GATEHOUSE_LOGIN_MAX_FAILURES must be a whole number from 1/],
    [
      { GATEHOUSE_PASSWORD_HASH_CONCURRENCY: 'two' },
      /GATEHOUSE_PASSWORD_HASH_CONCURRENCY must be a whole number/,
    ],
    [{ GATEHOUSE_PASSWORD_HASH_QUEUE: '-1' }, /GATEHOUSE_PASSWORD_HASH_QUEUE must be a whole number/],
    [
      { GATEHOUSE_CLIENT_AUTH_MAX_FAILURES: '1.5' },
      /GATEHOUSE_CLIENT_AUTH_MAX_FAILURES must be a whole number/,
    ],
    [
      { GATEHOUSE_LOGIN_LOCK_SECONDS: '600', GATEHOUSE_LOGIN_MAX_LOCK_SECONDS: '60' },
      /GATEHOUSE_LOGIN_MAX_LOCK_SECONDS must be at least GATEHOUSE_LOGIN_LOCK_SECONDS/,
    ],
  ];
  for (const [env, message] of refused) {
    assert.throws(
      () => loadConfig({}, env),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
    );
  }
});

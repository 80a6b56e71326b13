import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

test('the readiness grace for a silent store: 10 s by default, set in seconds, checked at start', () => {
  assert.equal(loadConfig({}, {}).readyStoreGraceMs, 10_000);
  assert.equal(loadConfig({}, { GATEHOUSE_READY_STORE_GRACE_SECONDS: '30' }).readyStoreGraceMs, 30_000);
  const refused: [Record<string, string>, RegExp][] = [
    [
      { GATEHOUSE_READY_STORE_GRACE_SECONDS: '0' },
      /GATEHOUSE_READY_STORE_GRACE_SECONDS must be a whole number from 1/,
    ],
    [{ GATEHOUSE_READY_STORE_GRACE_SECONDS: '' }, /GATEHOUSE_READY_STORE_GRACE_SECONDS must be/],
    [{ GATEHOUSE_READY_STORE_GRACE_SECONDS: '2.5' }, /GATEHOUSE_READY_STORE_GRACE_SECONDS must be/],
    // A grace of a few polls would take the instance out of rotation for one slow query.
    [
      { GATEHOUSE_READY_STORE_GRACE_SECONDS: '3', GATEHOUSE_CHANGE_POLL_MS: '1000' },
      /GATEHOUSE_READY_STORE_GRACE_SECONDS must be at least four GATEHOUSE_CHANGE_POLL_MS intervals \(4 s\)/,
    ],
  ];
  for (const [env, message] of refused) {
    assert.throws(
      () => loadConfig({}, env),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
      JSON.stringify(env),
    );
  }
  assert.equal(
    loadConfig({}, { GATEHOUSE_READY_STORE_GRACE_SECONDS: '4', GATEHOUSE_CHANGE_POLL_MS: '1000' })
      .readyStoreGraceMs,
    4000,
  );
});

// Smoke test of the verify and gateway benchmark suites in quick mode: they run end to end,
// their sanity checks pass (each suite refuses to time a contender that accepts a bad token),
// and every number they report is finite and positive. Timings are never asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SuiteOptions, SuiteResult } from '../src/lib/suite.js';
import { run as runGateway } from '../src/suites/gateway.js';
import { run as runVerify } from '../src/suites/verify.js';

const quick: SuiteOptions = { quick: true, rounds: 1, seconds: 1, warmupSeconds: 0, log: () => undefined };

/** `positive` columns must be finite and > 0; `latency` columns finite and ≥ 0 (loopback can round to 0 ms). */
function assertNumbers(
  result: SuiteResult,
  positive: readonly string[],
  latency: readonly string[] = [],
): void {
  assert.ok(result.rows.length > 0, `${result.id}: no rows`);
  for (const row of result.rows) {
    for (const column of [...positive, ...latency]) {
      const value = row[column];
      assert.equal(typeof value, 'number', `${result.id}: ${column} of ${JSON.stringify(row)}`);
      const floor = positive.includes(column) ? Number.MIN_VALUE : 0;
      assert.ok(Number.isFinite(value) && (value as number) >= floor, `${result.id}: ${column} = ${value}`);
    }
  }
  assert.ok(result.checks.length > 0, `${result.id}: no checks`);
  for (const check of result.checks) {
    assert.ok(
      Number.isFinite(check.actual) && check.actual > 0,
      `${result.id}: ${check.name} = ${check.actual}`,
    );
    assert.equal(typeof check.pass, 'boolean');
  }
}

test('verify suite: every library and the floor verify every algorithm, and the numbers are real', async () => {
  const result = await runVerify(quick);
  assert.equal(result.id, 'verify');
  assertNumbers(result, ['verifications/s', 'µs/verify', 'vs jose']);
  const seen = result.rows.map((row) => `${row.library} ${row.algorithm}`).sort();
  assert.deepEqual(seen, [
    '@gatehouse/verify ES256',
    '@gatehouse/verify RS256',
    'aws-jwt-verify ES256',
    'aws-jwt-verify RS256',
    'bare node:crypto floor ES256',
    'bare node:crypto floor RS256',
    'jose ES256',
    'jose RS256',
  ]);
  assert.equal(result.checks.length, 4);
});

test('gateway suite: the gateway checks tokens, and every target answers', async () => {
  const result = await runGateway(quick);
  assert.equal(result.id, 'gateway');
  assertNumbers(result, ['requests/s', 'vs plain proxy', 'vs direct'], ['p50 ms', 'p99 ms']);
  assert.equal(result.rows.length, 4);
  assert.equal(result.checks.length, 1);
});

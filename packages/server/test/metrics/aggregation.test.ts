import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { AggregatorRegistry } from 'prom-client';
import { createMetrics } from '../../src/metrics/metrics.js';
import { valueOf } from '../support/metrics.js';

// Workers each keep their own metrics; the cluster's primary adds them up for one /metrics.
test('metrics of several workers add up with prom-client AggregatorRegistry', async () => {
  const workers = [createMetrics(), createMetrics()];
  for (const [i, metrics] of workers.entries()) {
    for (let n = 0; n <= i; n++) metrics.tokens.issued('client_credentials', performance.now() - 2);
    metrics.tokens.failed('client_credentials', new Error('boom'), performance.now());
    metrics.clientCache.hit();
  }
  const total = await AggregatorRegistry.aggregate(
    await Promise.all(workers.map((m) => m.asJson())),
  ).metrics();
  const ok = { grant: 'client_credentials', result: 'ok', error: 'none' };
  assert.equal(valueOf(total, 'gatehouse_token_requests_total', ok), 3);
  assert.equal(
    valueOf(total, 'gatehouse_token_requests_total', { result: 'error', error: 'server_error' }),
    2,
  );
  assert.equal(
    valueOf(total, 'gatehouse_token_request_duration_seconds_count', { grant: 'client_credentials' }),
    5,
  );
  // The three successes took about 2 ms each: none in the buckets below 1 ms, all by 5 ms.
  const bucket = (le: string) =>
    valueOf(total, 'gatehouse_token_request_duration_seconds_bucket', { grant: 'client_credentials', le });
  assert.equal(bucket('0.001') + 3, bucket('+Inf'));
  assert.equal(bucket('0.005'), bucket('+Inf'));
  assert.equal(valueOf(total, 'gatehouse_cache_requests_total', { cache: 'client', result: 'hit' }), 2);
});

// Gauges every worker holds a copy of (or that count the shared store) are not summed.
test('cluster aggregation takes the min or max of gauges that a sum would distort', async () => {
  const worker = (ready: boolean, polledAgoMs: number, revoked: number, keyAgeMs: number) => {
    const metrics = createMetrics();
    const now = 1_000_000_000;
    metrics.watchRuntime({
      lastPollAt: () => performance.now() - polledAgoMs,
      revocationListSize: () => revoked,
      signingKeys: () => [{ alg: 'ES256', activatedAt: now - keyAgeMs }],
      now: () => now,
      ready: () => ready,
    });
    metrics.watchSessions(() => Promise.resolve(7));
    metrics.rateLimits.backend(ready ? 'redis' : 'local');
    metrics.watchCacheSize('client', () => 10);
    return metrics;
  };
  const workers = [worker(true, 100, 3, 60_000), worker(false, 5_000, 3, 120_000)];
  const total = await AggregatorRegistry.aggregate(
    await Promise.all(workers.map((m) => m.asJson())),
  ).metrics();
  assert.equal(valueOf(total, 'gatehouse_ready'), 0, 'ready only while every worker is');
  assert.ok(valueOf(total, 'gatehouse_change_poll_age_seconds') >= 5, 'the stalest worker');
  assert.equal(valueOf(total, 'gatehouse_revocation_list_entries'), 3);
  assert.equal(valueOf(total, 'gatehouse_signing_key_age_seconds', { alg: 'ES256' }), 120);
  assert.equal(valueOf(total, 'gatehouse_portal_sessions_active'), 7);
  assert.equal(valueOf(total, 'gatehouse_rate_limit_backend', { mode: 'redis' }), 1);
  assert.equal(valueOf(total, 'gatehouse_rate_limit_backend', { mode: 'local' }), 1);
  // Each worker's own cache: the entries held across the cluster.
  assert.equal(valueOf(total, 'gatehouse_cache_entries', { cache: 'client' }), 20);
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { PromRateLimitObserver } from '../../src/metrics/rate-limit-metrics.js';
import { metric, valueOf } from '../support/metrics.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, describeEachBackend } from '../admin/harness.js';

describeEachBackend('active portal sessions metric', (gate) => {
  test('counts the signed-in portal sessions of every instance, from the store', async () => {
    // The harness's admin is signed in once; a second sign-in is a second session.
    assert.ok(gate.admin);
    await gate.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    assert.equal(await metric(gate.url, 'gatehouse_portal_sessions_active'), 2);
  });
});

test('rate-limit decisions and backend mode, as the rate limiter reports them', async () => {
  const registry = new Registry();
  const observer = new PromRateLimitObserver(registry);
  observer.decision('allowed', 'rate');
  observer.decision('allowed', 'rate');
  observer.decision('refused', 'daily');
  observer.decision('observed', 'rate');
  observer.backend('redis');
  let text = await registry.metrics();
  const decisions = 'gatehouse_rate_limit_decisions_total';
  assert.equal(valueOf(text, decisions, { outcome: 'allowed', limit: 'rate' }), 2);
  assert.equal(valueOf(text, decisions, { outcome: 'refused', limit: 'daily' }), 1);
  assert.equal(valueOf(text, decisions, { outcome: 'observed', limit: 'rate' }), 1);
  assert.equal(valueOf(text, decisions, { outcome: 'refused', limit: 'rate' }), 0);
  assert.match(text, /^gatehouse_rate_limit_decisions_total\{outcome="refused",limit="rate"\} 0$/m);
  assert.equal(valueOf(text, 'gatehouse_rate_limit_backend', { mode: 'redis' }), 1);
  assert.equal(valueOf(text, 'gatehouse_rate_limit_backend', { mode: 'local' }), 0);
  // Redis lost: the instance falls back, and the gauge says so.
  observer.backend('local');
  text = await registry.metrics();
  assert.equal(valueOf(text, 'gatehouse_rate_limit_backend', { mode: 'redis' }), 0);
  assert.equal(valueOf(text, 'gatehouse_rate_limit_backend', { mode: 'local' }), 1);
});

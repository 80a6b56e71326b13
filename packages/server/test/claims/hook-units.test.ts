import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { loadConfig } from '../../src/config.js';
import { PromHookMetrics } from '../../src/metrics/token-hook-metrics.js';
import { HookCache } from '../../src/services/token-hooks/hook-cache.js';
import { HookFailure, hookSignature, parseAnswer } from '../../src/services/token-hooks/hook-request.js';

test('the hook cache is bounded, least recently used first, and checks version and expiry', () => {
  const cache = new HookCache(2);
  cache.set('a', 'v1', { a: 1 }, 1000);
  cache.set('b', 'v1', { b: 1 }, 1000);
  assert.deepEqual(cache.get('a', 'v1', 0), { a: 1 });
  cache.set('c', 'v1', { c: 1 }, 1000);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b', 'v1', 0), undefined, 'b was used least recently');
  assert.deepEqual(cache.get('a', 'v1', 0), { a: 1 });
  assert.equal(cache.get('a', 'v2', 0), undefined, 'another version of the hook');
  assert.equal(cache.get('c', 'v1', 1000), undefined, 'expired');
  assert.equal(cache.size, 0);
});

test('answers: claims held to the rules, TTL capped at an hour', () => {
  assert.deepEqual(parseAnswer('{"claims":{"tier":"gold"},"ttlSeconds":99999}'), {
    claims: { tier: 'gold' },
    ttlSeconds: 3600,
  });
  assert.deepEqual(parseAnswer('{}'), { claims: {}, ttlSeconds: 0 });
  for (const [body, reason] of [
    ['nope', 'body'],
    ['[1]', 'body'],
    ['{"ttlSeconds":1.5}', 'body'],
    ['{"claims":{"iss":"x"}}', 'claims'],
    ['{"claims":[1]}', 'claims'],
  ] as const) {
    assert.throws(
      () => parseAnswer(body),
      (e: unknown) => e instanceof HookFailure && e.reason === reason,
      body,
    );
  }
});

test('the signature is Stripe-shaped: t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
  const mac = createHmac('sha256', 'ghhook_secret').update('1767225600.{"a":1}').digest('hex');
  assert.equal(hookSignature(Buffer.from('ghhook_secret'), 1767225600, '{"a":1}'), `t=1767225600,v1=${mac}`);
});

test('hook calls are counted by outcome', async () => {
  const registry = new Registry();
  const metrics = new PromHookMetrics(registry);
  metrics.called('ok');
  metrics.called('timeout');
  metrics.called('ok');
  const text = await registry.metrics();
  assert.match(text, /gatehouse_token_hook_calls_total\{outcome="ok"\} 2/);
  assert.match(text, /gatehouse_token_hook_calls_total\{outcome="timeout"\} 1/);
  assert.match(text, /gatehouse_token_hook_calls_total\{outcome="saturated"\} 0/);
});

test('GATEHOUSE_TOKEN_HOOK_CA_FILE is read at start; a missing or non-PEM file is refused by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ca-'));
  try {
    const env = { GATEHOUSE_DATA_DIR: dir };
    assert.throws(
      () => loadConfig({}, { ...env, GATEHOUSE_TOKEN_HOOK_CA_FILE: join(dir, 'missing.pem') }),
      /GATEHOUSE_TOKEN_HOOK_CA_FILE: cannot read/,
    );
    writeFileSync(join(dir, 'junk.pem'), 'not a certificate');
    assert.throws(
      () => loadConfig({}, { ...env, GATEHOUSE_TOKEN_HOOK_CA_FILE: join(dir, 'junk.pem') }),
      /holds no PEM certificate/,
    );
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    const config = loadConfig({}, { ...env, GATEHOUSE_TOKEN_HOOK_CA_FILE: join(dir, 'ca.pem') });
    assert.equal(config.tokenHooks.extraCa, pem);
    assert.equal(config.tokenHooks.concurrency, 64);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

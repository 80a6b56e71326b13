import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_LOG_MESSAGE_CHARS,
  parsePrimaryMessage,
  parseWorkerMessage,
} from '../../src/cluster/messages.js';
import { createMetrics } from '../../src/metrics/metrics.js';

describe('cluster messages are checked on receipt', () => {
  test('a worker takes only the primary’s messages, with fields of the right types', () => {
    const changes = [{ seq: 7, kind: 'client', entityId: 'abc' }];
    assert.deepEqual(parseWorkerMessage({ type: 'changes', changes }), { type: 'changes', changes });
    assert.deepEqual(parseWorkerMessage({ type: 'health', lastSuccessAgoMs: null, polled: false }), {
      type: 'health',
      lastSuccessAgoMs: null,
      polled: false,
    });
    assert.deepEqual(parseWorkerMessage({ type: 'polled', id: 3 }), { type: 'polled', id: 3 });
    assert.deepEqual(parseWorkerMessage({ type: 'drain', extra: 1 }), { type: 'drain' });
    for (const bad of [
      null,
      'drain',
      [],
      { type: 'nope' },
      { type: 'changes', changes: [{ seq: '7', kind: 'client', entityId: 'abc' }] },
      { type: 'changes', changes: [{ seq: -1, kind: 'client', entityId: 'abc' }] },
      { type: 'changes', changes: {} },
      { type: 'health', lastSuccessAgoMs: -5, polled: true },
      { type: 'health', lastSuccessAgoMs: 5 },
      { type: 'polled', id: 1.5 },
      { type: 'start', config: { port: 0 } },
      // A worker's own message is not one the primary sends.
      { type: 'poll', id: 1 },
    ])
      assert.equal(parseWorkerMessage(bad), undefined, JSON.stringify(bad));
  });

  test('the primary takes only a worker’s messages, with fields of the right types', () => {
    assert.deepEqual(parsePrimaryMessage({ type: 'hello' }), { type: 'hello' });
    assert.deepEqual(parsePrimaryMessage({ type: 'poll', id: 9 }), { type: 'poll', id: 9 });
    assert.deepEqual(parsePrimaryMessage({ type: 'log', lines: '{"msg":"a"}\n{"msg":"b"}\n' }), {
      type: 'log',
      lines: '{"msg":"a"}\n{"msg":"b"}\n',
    });
    assert.deepEqual(parsePrimaryMessage({ type: 'failed', message: 'in use', code: 'EADDRINUSE' }), {
      type: 'failed',
      message: 'in use',
      code: 'EADDRINUSE',
    });
    assert.deepEqual(parsePrimaryMessage({ type: 'listening', url: 'http://127.0.0.1:1', issuer: 'x' }), {
      type: 'listening',
      url: 'http://127.0.0.1:1',
      issuer: 'x',
    });
    for (const bad of [
      undefined,
      { type: 'poll', id: '9' },
      { type: 'failed', message: 1 },
      { type: 'listening', url: 'http://127.0.0.1:1' },
      { type: 'drain' },
      // Log lines: whole ones only, and not without bound.
      { type: 'log', lines: '' },
      { type: 'log', lines: '{"msg":"a"}' },
      { type: 'log', lines: ['{"msg":"a"}\n'] },
      { type: 'log', lines: `${'x'.repeat(MAX_LOG_MESSAGE_CHARS)}\n` },
    ])
      assert.equal(parsePrimaryMessage(bad), undefined, JSON.stringify(bad));
  });

  test('metrics messages: ids, an exposition, and metrics JSON that survives the JSON channel', async () => {
    assert.deepEqual(parseWorkerMessage({ type: 'collect', id: 4 }), { type: 'collect', id: 4 });
    const exposition = { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'x 1\n' };
    assert.deepEqual(parseWorkerMessage({ type: 'scraped', id: 4, exposition }), {
      type: 'scraped',
      id: 4,
      exposition,
    });
    assert.deepEqual(parseWorkerMessage({ type: 'scraped', id: 4, exposition: null }), {
      type: 'scraped',
      id: 4,
      exposition: null,
    });
    assert.deepEqual(parsePrimaryMessage({ type: 'scrape', id: 2 }), { type: 'scrape', id: 2 });

    // A worker's real metrics, as the IPC channel carries them: NaN (no poll yet) becomes null.
    const sent = JSON.parse(JSON.stringify(await createMetrics().asJson())) as unknown;
    const parsed = parsePrimaryMessage({ type: 'collected', id: 5, metrics: sent });
    assert.ok(parsed?.type === 'collected', 'a worker\u2019s own metrics are accepted');
    const age = parsed.metrics.find((m) => m.name === 'gatehouse_change_poll_age_seconds');
    assert.ok(Number.isNaN(age?.values[0]?.value), 'null comes back as NaN');
    assert.equal(age?.aggregator, 'max');

    const gauge = {
      name: 'g',
      help: 'h',
      type: 'gauge',
      aggregator: 'sum',
      values: [{ value: 1, labels: {} }],
    };
    for (const bad of [
      { type: 'scrape', id: -1 },
      { type: 'scraped', id: 1, exposition: { contentType: 'text/plain' } },
      { type: 'collected', id: 1, metrics: {} },
      { type: 'collected', id: 1, metrics: [{ ...gauge, type: 'info' }] },
      { type: 'collected', id: 1, metrics: [{ ...gauge, aggregator: 'median' }] },
      { type: 'collected', id: 1, metrics: [{ ...gauge, name: 'bad name' }] },
      { type: 'collected', id: 1, metrics: [{ ...gauge, values: [{ value: '1', labels: {} }] }] },
      { type: 'collected', id: 1, metrics: [{ ...gauge, values: [{ value: 1, labels: { a: {} } }] }] },
    ])
      assert.equal(parsePrimaryMessage(bad), undefined, JSON.stringify(bad));
    for (const bad of [
      { type: 'collect' },
      { type: 'scraped', id: 1 },
      { type: 'collected', id: 1, metrics: [] },
    ])
      assert.equal(parseWorkerMessage(bad), undefined, JSON.stringify(bad));
  });
});

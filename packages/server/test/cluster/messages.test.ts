import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_LOG_MESSAGE_CHARS,
  parsePrimaryMessage,
  parseWorkerMessage,
} from '../../src/cluster/messages.js';

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
});

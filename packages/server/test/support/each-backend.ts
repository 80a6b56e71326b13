import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type BackendName, backendNames } from './backends.js';

/** One line the server logged, parsed. */
export interface LogEntry {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** What a test harness's gate gives describeEachBackend: its lifetime, its log and the secrets it handed out. */
export interface BackendGate {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly logs: readonly LogEntry[];
  /** Every client secret handed out, to prove none reaches a log line. */
  readonly secrets: readonly string[];
}

/**
 * Declares `title` once per storage backend (SQLite always, PostgreSQL when the test script
 * found one), each with its own gate started before and stopped after that backend's tests,
 * and a last test that no request failed on the server and no secret was logged.
 */
export function eachBackend<Gate extends BackendGate>(
  title: string,
  makeGate: (backend: BackendName) => Gate,
  body: (gate: Gate) => void,
): void {
  for (const name of backendNames()) {
    describe(`${title} [${name}]`, () => {
      const gate = makeGate(name);
      before(() => gate.start());
      after(() => gate.stop());
      body(gate);
      test('no request failed on the server, and no client secret reached a log line', () => {
        const errors = gate.logs.filter((entry) => entry.level === 'error');
        assert.deepEqual(
          errors.map((entry) => `${entry.msg} ${JSON.stringify(entry.error ?? entry.issues)}`),
          [],
        );
        const text = JSON.stringify(gate.logs);
        for (const secret of gate.secrets) assert.ok(!logged(text, secret), 'a client secret was logged');
      });
    });
  }
}

/**
 * Whether `secret` appears in the log text. A short code of digits (a mailed confirmation code)
 * counts only standing alone: inside a longer run of letters and digits (a UUID, an id) it is
 * another value that shares six digits with it by chance, about once in ten thousand runs.
 */
export function logged(text: string, secret: string): boolean {
  if (!/^\d{1,8}$/.test(secret)) return text.includes(secret);
  return new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`).test(text);
}

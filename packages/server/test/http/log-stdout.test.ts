import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

const LOGGER = new URL('../../src/log.js', import.meta.url).href;

/** Runs `body` in a fresh Node with `createLogger` imported; returns its exit code and output. */
function runWithLogger(body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `import { createLogger } from ${JSON.stringify(LOGGER)};\n${body}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const messages = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

const LOG_500 = `const logger = createLogger('info');
for (let i = 0; i < 500; i++) logger.info('line ' + i, { requestId: 'r' + i });`;
const ALL_500 = Array.from({ length: 500 }, (_, i) => `line ${i}`);

test('stdout lines are batched yet all written, in order, when the process ends by itself', async () => {
  const { code, stdout } = await runWithLogger(LOG_500);
  assert.equal(code, 0);
  assert.deepEqual(messages(stdout), ALL_500);
});

test('process.exit() right after logging loses no line', async () => {
  const { code, stdout } = await runWithLogger(`${LOG_500}\nprocess.exit(130);`);
  assert.equal(code, 130);
  assert.deepEqual(messages(stdout), ALL_500);
});

test('a crash by an uncaught exception loses no line logged before it', async () => {
  const { code, stdout, stderr } = await runWithLogger(
    `${LOG_500}\nsetImmediate(() => { throw new Error('crash'); });`,
  );
  assert.equal(code, 1);
  assert.match(stderr, /Error: crash/);
  assert.deepEqual(messages(stdout), ALL_500);
});

test('a server that keeps running writes its lines within a moment, without an exit', async () => {
  const { code, stdout } = await runWithLogger(`const logger = createLogger('info');
logger.info('early');
const seen = await new Promise((resolve) => setTimeout(resolve, 400, 'waited'));
logger.info(seen);
process.kill(process.pid, 'SIGKILL');`);
  assert.equal(code, null);
  // Killed outright, the line of the last moment is lost; the one from 400 ms before is not.
  assert.deepEqual(messages(stdout), ['early']);
});

// `npm test` must report every verdict of every file. With some runner flags (--test-force-exit
// on Linux) a file's process can end before its last reports cross the pipe to the runner:
// tests vanish from the count, and a run that lost a failure can still look green.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const flagsModule = new URL('../../../../../scripts/node-test-flags.mjs', import.meta.url);
const collectorModule = new URL('../../../../../scripts/tap-failures.mjs', import.meta.url);

const FILES = 6;
// Enough reports, written in a burst at the end of each file, to fill the pipe to the runner.
const PASSING = 3000;

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-runner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the test command counts every test of every file, and the last failure of each', async () => {
  const { nodeTestFlags } = (await import(flagsModule.href)) as { nodeTestFlags: string[] };
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const file = join(dir, `fixture-${i}.test.mjs`);
    writeFileSync(
      file,
      `import test from 'node:test';\n` +
        `for (let i = 0; i < ${PASSING}; i++) test('passes, with a name long enough to fill a frame ' + i, () => {});\n` +
        `test('the last test fails', () => { throw new Error('expected'); });\n`,
    );
    files.push(file);
  }
  // A runner started from inside a test file would take itself for one of its children.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const outcome = await run(process.execPath, [...nodeTestFlags, ...files], {
    cwd: dir,
    env,
    maxBuffer: 256 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout ?? '' }),
  );
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(outcome.stdout)?.[1]);
  assert.equal(outcome.code, 1, 'the failures fail the run');
  assert.equal(count('tests'), FILES * (PASSING + 1), 'every test was counted');
  assert.equal(count('pass'), FILES * PASSING);
  assert.equal(count('fail'), FILES);
  assert.equal(count('cancelled'), 0);
});

test('after the totals, the test command names each failed test with its error, not the suites around it', async () => {
  const { nodeTestFlags } = (await import(flagsModule.href)) as { nodeTestFlags: string[] };
  const { createFailureCollector } = (await import(collectorModule.href)) as {
    createFailureCollector: () => { push(line: string): void; summary(): string };
  };
  const file = join(dir, 'nested.test.mjs');
  writeFileSync(
    file,
    `import assert from 'node:assert/strict';\n` +
      `import { describe, test } from 'node:test';\n` +
      `describe('outer suite', () => {\n` +
      `  test('passes', () => {});\n` +
      `  describe('inner suite', () => {\n` +
      `    test('compares', () => { assert.equal(1, 2, 'one is not two'); });\n` +
      `  });\n` +
      `});\n` +
      `test('throws', () => { throw new Error('first line\\nsecond line'); });\n` +
      `test('also passes', () => {});\n`,
  );
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const stdout = await run(process.execPath, [...nodeTestFlags, file], { cwd: dir, env }).then(
    () => assert.fail('the run should fail'),
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  const collector = createFailureCollector();
  for (const line of stdout.split('\n')) collector.push(line);
  const summary = collector.summary();
  assert.match(summary, /^# 2 failed tests:$/m);
  assert.match(summary, /^# 1\. outer suite > inner suite > compares$/m);
  assert.match(summary, /^# 2\. throws$/m);
  assert.match(summary, /one is not two/);
  assert.match(summary, /nested\.test\.mjs:6:/, 'the failing line is named');
  assert.match(summary, /second line/);
  assert.doesNotMatch(summary, /node:internal/, "the runner's own frames are left out");
  assert.doesNotMatch(summary, /passes/);
  for (const line of summary.trim().split('\n')) assert.match(line, /^#/, 'TAP comments only');

  // A report cut short inside a failure's block still names that failure and the next one.
  const cut = createFailureCollector();
  for (const line of [
    '# Subtest: first',
    'not ok 1 - first',
    '  ---',
    "  error: 'cut here'",
    '# Subtest: second',
    'not ok 2 - second',
    '  ---',
    "  error: 'after the cut'",
    '  ...',
  ])
    cut.push(line);
  assert.match(
    cut.summary(),
    /^# 2 failed tests:\n# 1\. first\n.*cut here.*\n# 2\. second\n.*after the cut/m,
  );

  const green = createFailureCollector();
  for (const line of ['TAP version 13', '# Subtest: a', 'ok 1 - a', '1..1', '# pass 1']) green.push(line);
  assert.equal(green.summary(), '', 'a green run adds nothing');
});

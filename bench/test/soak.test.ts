// The soak in miniature: selected only when asked for, and a seconds-long run that reports a
// window per tenth, both growth checks, and changes that all took effect. Timings are never
// asserted: the figures of a run this short on a shared machine mean nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { script, tempDir } from '../src/lib/paths.js';
import type { BenchReport } from '../src/lib/report.js';
import { DEFAULT_SUITES, parseArgs, resultPrefix } from '../src/run.js';

const run = promisify(execFile);
const out = tempDir('soak');
after(() => rmSync(out, { recursive: true, force: true }));

test('the soak runs only when named in --only, and writes its results beside the full run', () => {
  assert.ok(!DEFAULT_SUITES.includes('soak'));
  assert.ok(!parseArgs([]).only.includes('soak'));
  assert.ok(!parseArgs(['--quick']).only.includes('soak'));
  assert.deepEqual(parseArgs(['--only', 'soak', '--seconds', '60']).only, ['soak']);
  assert.equal(parseArgs(['--only', 'soak', '--seconds', '60']).seconds, 60);
  assert.equal(resultPrefix(['soak']), 'soak-');
  assert.equal(resultPrefix(parseArgs([]).only), '');
});

test('the usage text names the soak', async () => {
  const failed = await run(process.execPath, [script('run.js'), '--only', 'nope']).then(
    () => undefined,
    (error: { code?: number; stderr?: string }) => error,
  );
  assert.equal(failed?.code, 2);
  assert.match(failed?.stderr ?? '', /--only [a-z,]*soak/);
  assert.match(failed?.stderr ?? '', /--only soak` keeps 10 minutes/);
});

test(
  'a short soak reports ten windows, RSS and p99 growth, and changes that took effect',
  { timeout: 180_000 },
  async () => {
    const args = [script('run.js'), '--quick', '--only', 'soak', '--seconds', '10', '--out', out];
    const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
    assert.match(stdout, /## Soak: mixed load with a change every second/);
    assert.ok(!existsSync(join(out, 'latest.json')), 'a soak never replaces the full run’s latest.json');
    const report = JSON.parse(readFileSync(join(out, 'soak-latest.json'), 'utf8')) as BenchReport;
    assert.deepEqual(report.failed, []);
    const [soak] = report.suites;
    assert.equal(soak?.id, 'soak');
    assert.equal(soak.rows.length, 10);
    for (const row of soak.rows) {
      assert.ok(Number(row['RSS (MB)']) > 0, JSON.stringify(row));
      assert.ok(Number(row['tokens/s']) > 0, JSON.stringify(row));
      assert.ok(Number.isFinite(Number(row['token p99 (ms)'])), JSON.stringify(row));
    }
    assert.deepEqual(
      soak.checks.map((c) => [c.name.split(',')[0], c.target]),
      [
        ['RSS growth', '≤ 10%'],
        ['Token p99 growth', '≤ 10%'],
      ],
    );
    for (const check of soak.checks) assert.ok(Number.isFinite(check.actual), check.name);
    // Every change was followed by a request that saw it, and the load itself had no failures.
    assert.ok(
      soak.notes.some((n) => /unexpected answers: 0\b/.test(n)),
      soak.notes.join('\n'),
    );
    assert.ok(!soak.notes.some((n) => /non-2xx/.test(n)), soak.notes.join('\n'));
    assert.ok(Number(soak.rows.at(-1)?.Changes) >= 5, 'about one change a second');
  },
);

// The benchmark in miniature, so it cannot rot: every suite in quick mode (seconds, tiny
// counts), and a real token from oidc-provider. Timings are never asserted: this machine
// may be busy with anything, and the figures of a quick run mean nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { RESOURCES } from '../src/lib/clients.js';
import { createGatehouseStore } from '../src/lib/gatehouse-store.js';
import { script, tempDir } from '../src/lib/paths.js';
import type { BenchReport } from '../src/lib/report.js';
import { startOidcProvider, stopAll, type Target } from '../src/lib/targets.js';
import { sampleToken } from '../src/lib/tokens.js';

const run = promisify(execFile);
const out = tempDir('smoke');
after(() => rmSync(out, { recursive: true, force: true }));

test('oidc-provider, as configured for the comparison, issues signed JWT access tokens', async () => {
  const store = await createGatehouseStore({ clients: 2 });
  let target: Target | undefined;
  try {
    const clients = store.sample(2);
    const client = clients[1];
    assert.ok(client);
    target = await startOidcProvider(clients);
    for (const [alg, resource] of Object.entries(RESOURCES)) {
      const token = await sampleToken(target.url, target.tokenPath, client, resource, alg);
      assert.equal(token.header.alg, alg);
      assert.equal(token.header.typ, 'at+jwt');
      assert.equal(token.payload.aud, resource);
      assert.equal(token.payload.scope, 'read');
    }
  } finally {
    await stopAll([target]);
    await store.cleanup();
  }
});

// verify and gateway have their own smoke test; these cover the runner and its own suites. The
// token suite runs alone and the other two together, so no test comes near its timeout on a busy
// machine (all three in one run took up to two minutes) and a report of several suites is still
// checked.
for (const only of [['token'], ['scale', 'cost']]) {
  const suites = `the ${only.join(' and ')} suite${only.length > 1 ? 's' : ''}`;
  test(`${suites} in quick mode: nothing fails, every figure is finite`, { timeout: 180_000 }, async () => {
    const dir = join(out, only.join('-'));
    // The PostgreSQL rows run too when the test script found a server for the store's own tests.
    const postgres = process.env.GATEHOUSE_TEST_POSTGRES_URL;
    const args = [script('run.js'), '--quick', '--only', only.join(','), '--out', dir];
    const { stdout } = await run(process.execPath, args, {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, ...(postgres ? { GATEHOUSE_BENCH_POSTGRES_URL: postgres } : {}) },
    });
    assert.match(stdout, /^# Gatehouse benchmark/);
    const report = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as BenchReport;
    assert.deepEqual(report.failed, []);
    assert.deepEqual(
      report.suites.map((s) => s.id),
      only,
    );
    for (const suite of report.suites) {
      assert.ok(suite.rows.length > 0, `${suite.id} has rows`);
      for (const row of suite.rows) {
        const numbers = Object.entries(row).filter((e): e is [string, number] => typeof e[1] === 'number');
        // Latencies may round to 0 ms; nothing may be negative or not a number, and every row
        // must have measured something.
        for (const [column, value] of numbers) {
          assert.ok(
            Number.isFinite(value) && value >= 0,
            `${suite.id}: ${column} = ${value} in ${JSON.stringify(row)}`,
          );
        }
        assert.ok(
          numbers.some(([, value]) => value > 0),
          `${suite.id}: nothing measured in ${JSON.stringify(row)}`,
        );
      }
      for (const check of suite.checks)
        assert.ok(Number.isFinite(check.actual), `${suite.id}: ${check.name}`);
    }
  });
}

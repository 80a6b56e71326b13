// The people suite in miniature: oidc-provider redeems minted codes and rotates refresh
// tokens, and a quick run reports finite figures for both grants. Timings are never asserted.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { sampleClients } from '../src/lib/clients.js';
import { checkPeopleTokens, refreshRequests } from '../src/lib/people.js';
import { startOidcProviderPeople } from '../src/lib/people-targets.js';
import { peopleRounds, roundRatios } from '../src/suites/people.js';
import { script, tempDir } from '../src/lib/paths.js';
import type { BenchReport } from '../src/lib/report.js';
import { stopAll } from '../src/lib/targets.js';

const run = promisify(execFile);
const out = tempDir('people');
after(() => rmSync(out, { recursive: true, force: true }));

test('oidc-provider redeems a prepared code once, and rotates the refresh token', async () => {
  const clients = sampleClients('people-test', 2, 2);
  const target = await startOidcProviderPeople(clients);
  try {
    const [refresh] = await refreshRequests(target, clients, 1);
    assert.ok(refresh);
    const send = () =>
      fetch(target.url + refresh.path, { method: 'POST', headers: refresh.headers, body: refresh.body });
    const first = await send();
    assert.equal(first.status, 200);
    const rotated = checkPeopleTokens((await first.json()) as Record<string, unknown>, 'refresh');
    assert.ok(!refresh.body?.includes(encodeURIComponent(rotated)), 'a new refresh token');
    const reused = await send();
    assert.equal(reused.status, 400, 'a used refresh token is refused');
    assert.equal(((await reused.json()) as { error?: string }).error, 'invalid_grant');
  } finally {
    await stopAll([target]);
  }
});

test('the people suite runs five rounds by default, and what --rounds asks for when given', () => {
  assert.equal(peopleRounds({ quick: false, rounds: 3, requestedRounds: undefined }), 5);
  assert.equal(peopleRounds({ quick: false, rounds: 2, requestedRounds: 2 }), 2);
  assert.equal(peopleRounds({ quick: false, rounds: 9, requestedRounds: 9 }), 9);
  assert.equal(peopleRounds({ quick: true, rounds: 1, requestedRounds: undefined }), 1);
  assert.equal(peopleRounds({ quick: true, rounds: 2, requestedRounds: 2 }), 2);
});

test('the spread of the rounds: the ratio of each round in the order run, and the lowest and highest', () => {
  assert.equal(
    roundRatios([300, 330, 240], [100, 100, 80]),
    'round by round 3.00x, 3.30x, 3.00x (from 3.00x to 3.30x)',
  );
  assert.equal(roundRatios([300], [100]), undefined, 'one round has no spread');
  assert.equal(roundRatios([300, 200], [100, 0]), undefined, 'a round without a figure spoils it');
});

test('the people suite runs in quick mode and reports both grants', { timeout: 180_000 }, async () => {
  const args = [script('run.js'), '--quick', '--rounds', '2', '--only', 'people', '--out', out];
  await run(process.execPath, args, {
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchReport;
  assert.deepEqual(report.failed, []);
  const rows = report.suites[0]?.rows ?? [];
  // Every contender (Gatehouse's pool and oidc-provider) for each grant at each level of
  // connections, one peak each, and a check per grant.
  const contenders = [
    'authorization_code Gatehouse user pool (SQLite)',
    'authorization_code oidc-provider',
    'refresh_token Gatehouse user pool (SQLite)',
    'refresh_token oidc-provider',
  ];
  assert.deepEqual(
    rows.map((r) => `${String(r.Grant)} ${String(r.Target)} ${String(r.Connections)}`).sort(),
    contenders.flatMap((c) => [`${c} 32`, `${c} 64`]),
  );
  assert.deepEqual(
    rows
      .filter((r) => r.Peak === 'yes')
      .map((r) => `${String(r.Grant)} ${String(r.Target)}`)
      .sort(),
    contenders,
  );
  for (const peak of rows.filter((r) => r.Peak === 'yes')) {
    const other = rows.find(
      (r) => r.Grant === peak.Grant && r.Target === peak.Target && r.Connections !== peak.Connections,
    );
    assert.ok(Number(peak['grants/s']) >= Number(other?.['grants/s']), 'the peak is the better level');
  }
  assert.equal(report.suites[0]?.checks.length, 2);
  for (const grant of ['authorization_code', 'refresh_token']) {
    const spread = (report.suites[0]?.notes ?? []).find((n) =>
      n.startsWith(`Gatehouse user pool (SQLite) ${grant} grants/s over oidc-provider's`),
    );
    assert.match(
      String(spread),
      /, round by round \d+\.\d\dx, \d+\.\d\dx \(from /,
      `${grant}: ${String(spread)}`,
    );
  }
  for (const row of rows) {
    assert.ok(Number(row['grants/s']) > 0, JSON.stringify(row));
    assert.ok(Number.isFinite(Number(row['CPU µs/grant'])), JSON.stringify(row));
  }
});

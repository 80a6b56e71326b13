// The cognito suite in miniature: the target signs in over Cognito's wire with cheap stored
// hashes, checks SECRET_HASH, spends a refresh token once, and a quick run reports both flows
// and the password check apart. Timings are never asserted.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CHEAP_ARGON2,
  checkAuthenticationResult,
  passwordRequest,
  refreshRequests,
  send,
  startGatehouseCognito,
} from '../src/lib/cognito.js';
import { script, tempDir } from '../src/lib/paths.js';
import type { BenchReport } from '../src/lib/report.js';
import { stopAll } from '../src/lib/targets.js';

const run = promisify(execFile);
const out = tempDir('cognito');
after(() => rmSync(out, { recursive: true, force: true }));

test('the target signs in with SECRET_HASH and spends each refresh token once', async () => {
  const target = await startGatehouseCognito(2, 1);
  try {
    const [user] = target.users;
    const [client] = target.clients;
    assert.ok(user && client);
    const body = await send(target, passwordRequest(client, user));
    checkAuthenticationResult(body, 'sign-in', true);

    const wrongSecret = passwordRequest({ ...client, secret: `${client.secret}x` }, user);
    const refused = await fetch(target.url + wrongSecret.path, {
      method: 'POST',
      headers: wrongSecret.headers,
      body: wrongSecret.body,
    });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { __type?: string }).__type, 'NotAuthorizedException');

    const [refresh] = await refreshRequests(target, 1);
    assert.ok(refresh);
    checkAuthenticationResult(await send(target, refresh), 'refresh', false);
    await assert.rejects(send(target, refresh), /NotAuthorizedException/);
  } finally {
    await stopAll([target]);
  }
});

test(
  'the cognito suite runs in quick mode and reports both flows and argon2 apart',
  { timeout: 180_000 },
  async () => {
    await run(process.execPath, [script('run.js'), '--quick', '--only', 'cognito', '--out', out], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchReport;
    assert.deepEqual(report.failed, []);
    const suite = report.suites[0];
    const rows = suite?.rows ?? [];
    assert.deepEqual(
      rows.map((r) => String(r.Flow)),
      ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'password check alone'],
    );
    for (const row of rows) assert.ok(Number(row['tokens/s']) > 0, JSON.stringify(row));
    for (const row of rows.slice(0, 2)) {
      assert.ok(Number.isFinite(Number(row['CPU µs/token'])), JSON.stringify(row));
    }
    const notes = suite?.notes.join('\n') ?? '';
    assert.match(notes, new RegExp(`m=${CHEAP_ARGON2.memoryKib} KiB, t=${CHEAP_ARGON2.passes}`));
    assert.doesNotMatch(notes, /non-2xx/);
  },
);

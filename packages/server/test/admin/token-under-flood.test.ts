import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { setPriority } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { basicAuth, postForm } from '../support/server.js';
import { AdminGate } from './harness.js';

const CONNECTIONS = 100;
const ROUNDS = 5;
const SAMPLES = 40;
/** The flood gets this long to open its connections and fill the queues before sampling. */
const RAMP_MS = 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Token issuance must keep its latency while sign-in and setup are flooded: password hashing
 * has its own small limit on its own threads, and refusals are cheap. Idle and flooded rounds
 * alternate, so a neighbour's load on a shared machine weighs on both alike; only the ratio
 * of the medians is asserted. SQLite only: the store plays no part in what is measured.
 */
describe('token latency under a sign-in and setup flood [sqlite]', () => {
  const gate = new AdminGate('sqlite', { env: { GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES: '0' } });
  let flooder: ChildProcess;
  let credentials: { clientId: string; secret: string };

  before(async () => {
    await gate.start();
    const { gatehouse } = gate.server;
    await gatehouse.resourceServers.create(
      {
        identifier: 'orders',
        name: 'Orders',
        scopes: [{ name: 'read' }],
      },
      CLI_ACTOR,
    );
    const { client, secret } = await gatehouse.clients.create(
      { name: 'checkout', scopes: ['orders/read'] },
      CLI_ACTOR,
    );
    credentials = { clientId: client.clientId, secret: secret?.value ?? '' };
    await gate.sync();
    const script = fileURLToPath(new URL('./fixtures/sign-in-flood.js', import.meta.url));
    flooder = fork(script, [gate.url, String(CONNECTIONS)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await once(flooder, 'message');
    // The attacker stands for another machine: on a shared 2-core box its own CPU must not be
    // what slows the server down, so it runs at the lowest priority. Its rate is checked below.
    if (flooder.pid !== undefined) setPriority(flooder.pid, 19);
  });

  after(async () => {
    if (flooder.connected) flooder.send('exit');
    if (flooder.exitCode === null) await once(flooder, 'exit');
    await gate.stop();
  });

  const tokenOnce = async (): Promise<number> => {
    const start = performance.now();
    const answer = await postForm(
      `${gate.url}/oauth2/token`,
      { grant_type: 'client_credentials', scope: 'orders/read' },
      basicAuth(credentials.clientId, credentials.secret),
    );
    const elapsed = performance.now() - start;
    assert.equal(answer.status, 200, answer.text);
    return elapsed;
  };

  const sample = async (into: number[]) => {
    for (let i = 0; i < SAMPLES; i++) into.push(await tokenOnce());
  };

  /** Idle and flooded rounds, alternating; the ratio of their medians and what the flood got. */
  const measure = async () => {
    const idle: number[] = [];
    const flooded: number[] = [];
    const statuses: Record<string, number> = {};
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await sample(idle);
      flooder.send('start');
      await new Promise((resolve) => setTimeout(resolve, RAMP_MS));
      await sample(flooded);
      flooder.send('stop');
      const [report] = (await once(flooder, 'message')) as [
        { sent: number; statuses: Record<string, number> },
      ];
      sent += report.sent;
      for (const [status, n] of Object.entries(report.statuses))
        statuses[status] = (statuses[status] ?? 0) + n;
    }
    const ratio = median(flooded) / median(idle);
    const summary = `idle p50 ${median(idle).toFixed(2)} ms, flooded p50 ${median(flooded).toFixed(2)} ms, ratio ${ratio.toFixed(2)}; flood sent ${sent}: ${JSON.stringify(statuses)}`;
    console.log(summary);
    return { ratio, summary, sent, statuses };
  };

  test(`token p50 with ${CONNECTIONS} connections flooding sign-in and setup stays within 3x of idle`, async () => {
    for (let i = 0; i < 30; i++) await tokenOnce();
    // A burst from a neighbour on a shared machine can land on one phase only; a server that lets
    // the flood through is slow on every try, so up to three tries tell the two apart.
    let result = await measure();
    for (let attempt = 2; attempt <= 3 && result.ratio > 3; attempt++) result = await measure();
    const { ratio, summary, sent, statuses } = result;
    // The flood was real and was answered: every connection at least once a round, sign-ins
    // refused as busy, setups refused as done.
    assert.ok(sent >= CONNECTIONS * ROUNDS, summary);
    assert.ok((statuses['429'] ?? 0) > 0, summary);
    assert.ok((statuses['409'] ?? 0) > 0, summary);
    assert.ok(ratio <= 3, summary);
  });
});

// The log lines of `gatehouse serve --workers N` on stdout: whole, none lost, none interleaved.
import * as assert from 'node:assert/strict';
import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { within } from '../cli/helpers.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { childrenOf, type Served, serve } from './helpers.js';

/** Loaded into every process of the cluster; in a worker, SIGUSR2 throws an uncaught exception. */
const CRASH_ON_SIGUSR2 = fileURLToPath(new URL('./crash-on-signal.js', import.meta.url));

/** The tests' stores log nothing; these log a line per request. */
const INFO = { GATEHOUSE_LOG_LEVEL: 'info', GATEHOUSE_ACCESS_LOG: 'on' };

interface Line {
  msg?: string;
  pid?: number;
  level?: string;
}

/** Every stdout line as JSON; fails on the first that is not a whole JSON object. */
function parseLines(stdout: string): Line[] {
  assert.ok(stdout.endsWith('\n'), 'stdout ends with a whole line');
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        assert.fail(`line ${i + 1} is not JSON: ${line.slice(0, 300)}`);
      }
    });
}

/** `count` GETs, spread over `agents` (each one kept-alive connection), as many at a time. */
async function burst(url: string, count: number, agents: (Agent | false)[]): Promise<void> {
  let next = 0;
  const one = (agent: Agent | false) =>
    new Promise<void>((resolve, reject) => {
      get(`${url}/.well-known/jwks.json`, { agent }, (res) => {
        res
          .resume()
          .on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode}`))));
      }).on('error', reject);
    });
  await Promise.all(
    agents.map(async (agent) => {
      while (next < count) {
        next++;
        await one(agent);
      }
    }),
  );
}

for (const name of backendNames()) {
  describe(`serve --workers: log lines on stdout (${name})`, () => {
    let backend: TestBackend;
    const running: Served[] = [];

    before(async () => {
      backend = await createBackend(name);
    });
    after(async () => {
      for (const { child } of running)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await backend.cleanup();
    });

    test('a burst across two workers, read slowly: whole JSON lines, one per request, none lost at SIGTERM', async () => {
      // Read as a log shipper might: a page at a time.
      const served = await serve(backend, ['--workers', '2'], INFO, ['dd', 'bs=4096', 'status=none']);
      running.push(served);
      const workers = childrenOf(served.child.pid ?? 0);
      assert.equal(workers.length, 2);
      // Connections made now, kept alive, dealt to the workers in turn: requests on them need
      // nothing from the primary, which accepts new connections for the workers.
      const agents = Array.from({ length: 16 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
      await burst(served.url, agents.length, agents);
      // Then nobody reads stdout for a second: the pipe fills, and a write to it returns only once
      // the reader is back, written in parts. Workers writing their own batches would interleave
      // those parts mid-line.
      served.output.pause();
      const resumed = sleep(1000).then(() => served.output.resume());
      const requests = 2000;
      await burst(served.url, requests, agents);
      await resumed;
      // The last lines are still in the workers' batches: SIGTERM must not lose them.
      await burst(served.url, 20, agents.slice(0, 4));
      for (const agent of agents) agent.destroy();
      served.child.kill('SIGTERM');
      assert.deepEqual(await served.exit, { code: 0, signal: null });
      await served.closed;

      const lines = parseLines(served.stdout());
      const requestLines = lines.filter((l) => l.msg === 'request');
      assert.equal(requestLines.length, agents.length + requests + 20, 'one access line per request');
      assert.deepEqual(
        [...new Set(requestLines.map((l) => l.pid))].sort((a, b) => (a ?? 0) - (b ?? 0)),
        workers,
        'both workers logged requests',
      );
    });

    test('a worker that throws an uncaught exception: its last lines and the error reach stdout', async () => {
      const served = await serve(backend, ['--workers', '2'], {
        ...INFO,
        NODE_OPTIONS: `--import=${CRASH_ON_SIGUSR2}`,
      });
      running.push(served);
      const workers = childrenOf(served.child.pid ?? 0);
      assert.equal(workers.length, 2);
      const requests = 200;
      await burst(
        served.url,
        requests,
        Array.from({ length: 16 }, () => false as const),
      );
      // At once: what the last 100 ms logged is still in the workers' batches.
      for (const pid of workers) process.kill(pid, 'SIGUSR2');
      await within(
        'both workers replaced',
        () => {
          const now = childrenOf(served.child.pid ?? 0);
          return Promise.resolve(now.length === 2 && now.every((pid) => !workers.includes(pid)));
        },
        20_000,
      );
      served.child.kill('SIGTERM');
      assert.deepEqual(await served.exit, { code: 0, signal: null });
      await served.closed;

      const lines = parseLines(served.stdout());
      assert.equal(lines.filter((l) => l.msg === 'request').length, requests, 'one access line per request');
      const crashes = lines.filter((l) => l.msg === 'uncaught exception; this worker exits');
      assert.deepEqual(
        crashes.map((l) => l.pid).sort((a, b) => (a ?? 0) - (b ?? 0)),
        workers,
        'each worker logged its crash',
      );
      assert.ok(crashes.every((l) => l.level === 'error'));
    });
  });
}

// Metrics of `gatehouse serve --workers N`: one cluster-wide answer, whichever process serves it.
import * as assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type CreatedClientJson, cliFor, registerOrders, within } from '../cli/helpers.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { valueOf } from '../support/metrics.js';
import { childrenOf, connectionOwner, type Served, serve, tokenRequest } from './helpers.js';

const SCOPE = 'orders/read';
const ISSUED = { grant: 'client_credentials', result: 'ok', error: 'none' };

/** GET `url` on a fresh connection: every scrape is dealt to a worker anew. */
function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.end();
  });
}

async function scrape(url: string): Promise<string> {
  const answer = await get(`${url}/metrics`);
  assert.equal(answer.status, 200, answer.body);
  assert.match(answer.type, /^text\/plain/);
  return answer.body;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// The store plays no part in how metrics are added up: SQLite only.
describe('metrics with serve --workers 2', () => {
  let backend: TestBackend;
  let client: { id: string; secret: string };
  const running: Served[] = [];
  const agents: Agent[] = [];
  const stopped: number[] = [];

  before(async () => {
    backend = await createBackend('sqlite');
    const created: CreatedClientJson = await registerOrders(cliFor(backend));
    client = { id: created.clientId, secret: created.clientSecret ?? '' };
  });
  after(async () => {
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    for (const agent of agents) agent.destroy();
    for (const { child } of running)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await backend.cleanup();
  });

  const start = async (env: Record<string, string> = {}) => {
    const served = await serve(backend, ['--workers', '2'], env);
    running.push(served);
    return served;
  };

  /** Tokens over one kept-alive connection per worker; how many each worker issued. */
  const issueOnBoth = async (served: Served, each: number) => {
    const workers = childrenOf(served.child.pid ?? 0);
    assert.equal(workers.length, 2);
    const issued = new Map<number, number>();
    const byWorker = new Map<number, Agent>();
    for (let i = 0; i < 16 && byWorker.size < 2; i++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const answer = await tokenRequest(served.url, agent, client, SCOPE);
      assert.equal(answer.status, 200);
      const owner = connectionOwner(served.port, answer.localPort, workers);
      assert.ok(owner !== undefined, 'the connection belongs to a worker');
      issued.set(owner, (issued.get(owner) ?? 0) + 1);
      if (!byWorker.has(owner)) byWorker.set(owner, agent);
    }
    assert.equal(byWorker.size, 2, 'both workers issued tokens');
    for (const [owner, agent] of byWorker) {
      for (let n = issued.get(owner) ?? 0; n < each; n++) {
        assert.equal((await tokenRequest(served.url, agent, client, SCOPE)).status, 200);
        issued.set(owner, (issued.get(owner) ?? 0) + 1);
      }
    }
    for (const agent of byWorker.values()) agent.destroy();
    return { workers, issued };
  };

  test('/metrics on the main port adds up every worker, whichever answers; a killed worker does not break it', async () => {
    const served = await start();
    const { workers, issued } = await issueOnBoth(served, 10);
    const total = [...issued.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, 20);
    // Six scrapes on fresh connections reach both workers; each answers the cluster's total.
    for (let i = 0; i < 6; i++) {
      const text = await scrape(served.url);
      assert.equal(valueOf(text, 'gatehouse_token_requests_total', ISSUED), 20, `scrape ${i}`);
      assert.equal(valueOf(text, 'gatehouse_metrics_workers_answered'), 2);
      assert.equal(valueOf(text, 'gatehouse_metrics_workers_missing'), 0);
      // Gauges every worker holds a copy of are not summed.
      assert.equal(valueOf(text, 'gatehouse_ready'), 1);
      assert.equal(valueOf(text, 'gatehouse_rate_limit_backend', { mode: 'local' }), 1);
      assert.ok(valueOf(text, 'process_cpu_seconds_total') > 0);
    }

    const [killed, survivor] = workers as [number, number];
    process.kill(killed, 'SIGKILL');
    // Until the primary has reaped it, node:cluster may still deal a new connection to the dead
    // worker, where it is lost (any request, not only /metrics).
    await within(
      'the killed worker reaped',
      async () => !childrenOf(served.child.pid ?? 0).includes(killed),
      5_000,
    );
    // Whoever answers now (the survivor, or its new sibling once it serves), the killed worker's
    // counts are gone with it and the survivor's remain.
    for (let i = 0; i < 4; i++) {
      const text = await scrape(served.url);
      assert.equal(valueOf(text, 'gatehouse_token_requests_total', ISSUED), issued.get(survivor));
      assert.equal(valueOf(text, 'gatehouse_metrics_workers_missing'), 0);
    }
    await within(
      'a replacement worker counted in',
      async () => valueOf(await scrape(served.url), 'gatehouse_metrics_workers_answered') === 2,
      10_000,
    );
    served.child.kill('SIGTERM');
    assert.deepEqual(await served.exit, { code: 0, signal: null });
  });

  test('with GATEHOUSE_METRICS_PORT the primary serves the total there; a stalled worker is left out and counted', async () => {
    const metricsPort = await freePort();
    const served = await start({ GATEHOUSE_METRICS_PORT: String(metricsPort) });
    const metricsUrl = `http://127.0.0.1:${metricsPort}`;
    const { workers } = await issueOnBoth(served, 3);

    for (let i = 0; i < 2; i++) {
      const main = await get(`${served.url}/metrics`);
      assert.equal(main.status, 404);
      assert.equal((JSON.parse(main.body) as { error: string }).error, 'not_found');
    }
    const text = await scrape(metricsUrl);
    assert.equal(valueOf(text, 'gatehouse_token_requests_total', ISSUED), 6);
    assert.equal(valueOf(text, 'gatehouse_metrics_workers_answered'), 2);
    // The primary's own store calls are in the total: at rest, only its change poll (every 50 ms) reads.
    const reads = async () =>
      valueOf(await scrape(metricsUrl), 'gatehouse_store_query_duration_seconds_count', { op: 'read' });
    const before = await reads();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const polled = (await reads()) - before;
    // About 20 at this rate; a loaded machine's stalls leave fewer, never none.
    assert.ok(polled >= 4, `the primary's change polls counted: ${polled} reads in 1 s`);
    assert.equal((await get(`${metricsUrl}/oauth2/token`)).status, 404);

    const stalled = workers[0] as number;
    process.kill(stalled, 'SIGSTOP');
    stopped.push(stalled);
    const began = performance.now();
    const partial = await scrape(metricsUrl);
    assert.ok(
      performance.now() - began < 3_000,
      'the scrape waits about a second, not for the stalled worker',
    );
    assert.equal(valueOf(partial, 'gatehouse_metrics_workers_answered'), 1);
    assert.equal(valueOf(partial, 'gatehouse_metrics_workers_missing'), 1);
    process.kill(stalled, 'SIGCONT');
    stopped.pop();
    await within(
      'the worker counted again once it answers',
      async () => valueOf(await scrape(metricsUrl), 'gatehouse_token_requests_total', ISSUED) === 6,
      5_000,
    );
    served.child.kill('SIGTERM');
    assert.deepEqual(await served.exit, { code: 0, signal: null });
  });

  test('GATEHOUSE_METRICS=off: /metrics answers 404 from every worker', async () => {
    const served = await start({ GATEHOUSE_METRICS: 'off' });
    for (let i = 0; i < 4; i++) {
      const answer = await get(`${served.url}/metrics`);
      assert.equal(answer.status, 404);
      assert.match(answer.body, /GATEHOUSE_METRICS=off/);
    }
    served.child.kill('SIGTERM');
    assert.deepEqual(await served.exit, { code: 0, signal: null });
  });
});

// `gatehouse serve --workers N`, as users run it: real processes on one port.
import * as assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type CreatedClientJson, cliFor, ok, registerOrders, within } from '../cli/helpers.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { childrenOf, connectionOwner, type Served, serve, tokenRequest } from './helpers.js';

const SCOPE = 'orders/read';

for (const name of backendNames()) {
  describe(`serve --workers (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let client: { id: string; secret: string };
    const running: Served[] = [];
    const agents: Agent[] = [];

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      const created: CreatedClientJson = await registerOrders(gatehouse);
      client = { id: created.clientId, secret: created.clientSecret ?? '' };
    });
    after(async () => {
      for (const agent of agents) agent.destroy();
      for (const { child } of running)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await backend.cleanup();
    });

    const start = async (args: string[], env: Record<string, string> = {}) => {
      const served = await serve(backend, args, env);
      running.push(served);
      return served;
    };

    test('two workers answer tokens on one port; a CLI change reaches both (awaited up to 3 s)', async () => {
      const served = await start(['--workers', '2']);
      const workers = childrenOf(served.child.pid ?? 0);
      assert.equal(workers.length, 2, `two worker processes: ${workers.join(', ')}`);
      // Connections are dealt to the workers in turn: hold one per worker, each kept alive.
      const byWorker = new Map<number, Agent>();
      for (let i = 0; i < 8 && byWorker.size < 2; i++) {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(agent);
        const answer = await tokenRequest(served.url, agent, client, SCOPE);
        assert.equal(answer.status, 200);
        const owner = connectionOwner(served.port, answer.localPort, workers);
        assert.ok(owner !== undefined, 'the connection belongs to a worker');
        if (!byWorker.has(owner)) byWorker.set(owner, agent);
      }
      assert.deepEqual(
        [...byWorker.keys()].sort((a, b) => a - b),
        workers,
        'both workers issued tokens',
      );

      await ok(gatehouse('clients', 'disable', client.id, '--json'));
      await within(
        'the disabled client refused by every worker',
        async () => {
          const answers = await Promise.all(
            [...byWorker.values()].map((agent) => tokenRequest(served.url, agent, client, SCOPE)),
          );
          return answers.every((a) => a.status === 401 && a.error === 'invalid_client');
        },
        3000,
      );
      await ok(gatehouse('clients', 'enable', client.id, '--json'));
      await within(
        'the enabled client served by every worker',
        async () => {
          const answers = await Promise.all(
            [...byWorker.values()].map((agent) => tokenRequest(served.url, agent, client, SCOPE)),
          );
          return answers.every((a) => a.status === 200);
        },
        3000,
      );
      for (const agent of byWorker.values()) agent.destroy();

      if (backend.databaseUrl !== undefined) {
        // The store sees one stream of change polls, the primary's, not one per worker: every poll
        // reads the change log's table, and PostgreSQL counts the reads of each table.
        const scans = async () => {
          const db = new pg.Client({ connectionString: backend.databaseUrl });
          await db.connect();
          try {
            const { rows } = await db.query<{ n: string }>(
              "SELECT seq_scan + coalesce(idx_scan, 0) AS n FROM pg_stat_user_tables WHERE relname = 'changes'",
            );
            return Number(rows[0]?.n ?? 0);
          } finally {
            await db.end();
          }
        };
        const windowMs = 5_000;
        const pollMs = Number(backend.env().GATEHOUSE_CHANGE_POLL_MS);
        const first = await scans();
        await sleep(windowMs);
        const polls = (await scans()) - first;
        // Counts reach the statistics up to a second late; a stream per worker would be twice this.
        const oneStream = windowMs / pollMs;
        assert.ok(polls > oneStream * 0.4, `the primary polls: ${polls} reads in ${windowMs} ms`);
        assert.ok(polls < oneStream * 1.4, `one stream of polls, not two: ${polls} reads in ${windowMs} ms`);
      }

      served.child.kill('SIGTERM');
      assert.deepEqual(await served.exit, { code: 0, signal: null });
    });

    for (const workers of ['2', '1']) {
      test(`SIGTERM lets requests in flight finish (--workers ${workers}), then exits 0`, async () => {
        const served = await start(['--workers', workers]);
        const body = new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }).toString();
        const auth = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
        // Requests whose bodies are still arriving when the signal comes: one per connection, dealt
        // to the workers in turn.
        const inFlight = await Promise.all(
          [0, 1, 2, 3].map(
            () =>
              new Promise<{
                socket: ReturnType<typeof connect>;
                answer: Promise<string>;
                sofar: () => string;
              }>((resolve) => {
                const socket = connect(served.port, '127.0.0.1', () => {
                  socket.write(
                    `POST /oauth2/token HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Basic ${auth}\r\n` +
                      `content-type: application/x-www-form-urlencoded\r\nexpect: 100-continue\r\n` +
                      `content-length: ${body.length}\r\n\r\n`,
                  );
                  let text = '';
                  const answer = new Promise<string>((done) => {
                    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
                    socket.on('error', (error) => (text += `(${error.message})`));
                    socket.on('close', () => done(text));
                  });
                  resolve({ socket, answer, sofar: () => text });
                });
              }),
          ),
        );
        // Each connection has reached a worker (the primary hands them over) before the signal.
        const pids = workers === '1' ? [served.child.pid ?? 0] : childrenOf(served.child.pid ?? 0);
        await within(
          'every connection held by a worker',
          async () =>
            inFlight.every(
              ({ socket }) => connectionOwner(served.port, socket.localPort ?? 0, pids) !== undefined,
            ),
          5000,
        );
        // And each worker has read its request: "100 Continue" is sent once the headers are parsed,
        // so no connection is still idle (and dropped by the graceful close) when the signal comes.
        await within(
          'every request taken',
          async () => inFlight.every(({ sofar }) => sofar().startsWith('HTTP/1.1 100 Continue\r\n\r\n')),
          5000,
        );
        for (const { socket } of inFlight) socket.write(body.slice(0, 10));
        served.child.kill('SIGTERM');
        await sleep(500);
        assert.equal(served.child.exitCode, null, 'still running while requests are in flight');
        // The rest of each body: every request is answered, then the server closes the connection.
        for (const { socket } of inFlight) socket.write(body.slice(10));
        for (const { answer } of inFlight)
          assert.match(await answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
        assert.deepEqual(await served.exit, { code: 0, signal: null });
        // Every worker flushed and closed its store: the next command opens it at once.
        await ok(gatehouse('keys', 'list', '--json'));
      });
    }

    test('a worker that dies is replaced, and tokens keep coming', async () => {
      const served = await start(['--workers', '2'], { GATEHOUSE_LOG_LEVEL: 'error' });
      const primary = served.child.pid ?? 0;
      const [victim, survivor] = childrenOf(primary);
      assert.ok(victim !== undefined && survivor !== undefined);
      process.kill(victim, 'SIGKILL');
      await within(
        'a new worker in its place',
        async () => {
          const now = childrenOf(primary);
          return { ok: now.length === 2 && !now.includes(victim) && now.includes(survivor), last: now };
        },
        10_000,
      );
      const replacement = childrenOf(primary).find((pid) => pid !== survivor) ?? 0;
      await within(
        'tokens from the new worker too',
        async () => {
          const agent = new Agent({ keepAlive: true, maxSockets: 1 });
          try {
            const answer = await tokenRequest(served.url, agent, client, SCOPE);
            const owner = connectionOwner(served.port, answer.localPort, [survivor, replacement]);
            return {
              ok: answer.status === 200 && owner === replacement,
              last: { status: answer.status, owner },
            };
          } finally {
            agent.destroy();
          }
        },
        15_000,
      );
      const log = served
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: string; msg: string; pid?: number });
      assert.ok(
        log.some(
          (l) => l.level === 'error' && l.msg.includes('worker exited unexpectedly') && l.pid === victim,
        ),
        'the log says which worker died',
      );
      served.child.kill('SIGTERM');
      assert.deepEqual(await served.exit, { code: 0, signal: null });
    });

    test('--workers 1 runs a single process, with no cluster', async () => {
      const served = await start(['--workers', '1']);
      assert.deepEqual(childrenOf(served.child.pid ?? 0), []);
      assert.equal((await tokenRequest(served.url, false, client, SCOPE)).status, 200);
      served.child.kill('SIGTERM');
      assert.deepEqual(await served.exit, { code: 0, signal: null });
    });
  });
}

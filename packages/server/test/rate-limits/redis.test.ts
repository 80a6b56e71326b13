import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import type { LogEntry } from '../support/each-backend.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { within } from '../support/within.js';
import { dropKeys, limitedTenant, REDIS_URL, tokenStatus, uniquePrefix } from './helpers.js';

/**
 * With GATEHOUSE_REDIS_URL, limits hold for the cluster: two instances on one store draw from one
 * bucket and one daily count. When Redis goes, each instance falls back to its local share, and
 * comes back to Redis by itself. The store plays no part here, so one backend is enough.
 */
describe('rate limits through Redis', () => {
  const backendName = backendNames()[0] ?? 'sqlite';
  const clock = new TestClock();
  const prefix = uniquePrefix();
  const logs: LogEntry[] = [];
  let backend: TestBackend;
  const servers: RunningServer[] = [];
  let proxy: FaultProxy | undefined;

  // The default 50 ms budget suits a server with its own process; here the server shares the
  // test's event loop, where a pause of that length (a collection, a busy neighbour) would send a
  // healthy Redis's answer to the local fallback and change the verdicts the tests count.
  async function start(env: Record<string, string>, log = false): Promise<RunningServer> {
    const config = backend.config({
      GATEHOUSE_REDIS_KEY_PREFIX: prefix,
      GATEHOUSE_REDIS_TIMEOUT_MS: '2000',
      ...env,
    });
    const server = await startServer(config, {
      logger: createLogger('debug', (line) => {
        if (log) logs.push(JSON.parse(line) as LogEntry);
      }),
      clock,
    });
    servers.push(server);
    return server;
  }

  before(async () => {
    backend = await createBackend(backendName);
  });
  after(async () => {
    for (const server of servers) await server.close();
    await proxy?.close();
    await backend.cleanup();
    await dropKeys(prefix);
  });

  test('two instances share one bucket and one daily count', async () => {
    const a = await start({ GATEHOUSE_REDIS_URL: REDIS_URL, GATEHOUSE_RATE_LIMIT_INSTANCES: '2' });
    const b = await start({ GATEHOUSE_REDIS_URL: REDIS_URL, GATEHOUSE_RATE_LIMIT_INSTANCES: '2' });
    assert.equal(a.rateLimits.mode, 'redis');
    assert.equal(b.rateLimits.mode, 'redis');
    // Cluster-wide numbers: the instance count divides nothing while Redis answers.
    const rated = await limitedTenant(a.gatehouse, { rate: 0.001, burst: 4 }, [a, b]);
    assert.deepEqual(
      [
        await tokenStatus(a, rated),
        await tokenStatus(b, rated),
        await tokenStatus(a, rated),
        await tokenStatus(b, rated),
      ],
      [200, 200, 200, 200],
    );
    assert.equal(await tokenStatus(b, rated), 429, 'the second instance sees the first one’s use');
    assert.equal(await tokenStatus(a, rated), 429);

    const daily = await limitedTenant(a.gatehouse, { daily: 3 }, [a, b]);
    assert.deepEqual(
      [await tokenStatus(a, daily), await tokenStatus(b, daily), await tokenStatus(a, daily)],
      [200, 200, 200],
    );
    assert.equal(await tokenStatus(b, daily), 429);
  });

  test('Redis lost: tokens keep flowing under the local share; Redis back: cluster-wide again', async () => {
    proxy = new FaultProxy({ host: '127.0.0.1', port: 6379 });
    const url = await proxy.proxy(REDIS_URL);
    const server = await start({ GATEHOUSE_REDIS_URL: url, GATEHOUSE_RATE_LIMIT_INSTANCES: '2' }, true);
    assert.equal(server.rateLimits.mode, 'redis');
    const tenant = await limitedTenant(server.gatehouse, { rate: 0.001, burst: 10 }, [server]);
    assert.equal(await tokenStatus(server, tenant), 200);
    assert.equal(await tokenStatus(server, tenant), 200);

    proxy.blackhole();
    // The first request waits out the timeout and is decided locally; then this instance's
    // share (10 / 2 instances) applies, counted in memory.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await tokenStatus(server, tenant));
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.equal(server.rateLimits.mode, 'local');
    assert.equal(
      logs.filter((l) => l.level === 'warn' && l.msg.startsWith('rate limits: Redis lost')).length,
      1,
    );

    proxy.restore();
    await within('limits counted in Redis again', async () => server.rateLimits.mode === 'redis', 5000);
    assert.ok(
      logs.some((l) => l.level === 'info' && l.msg === 'rate limits: counted cluster-wide through Redis'),
    );
    // Redis's bucket kept its count: 2 of 10 taken before the cut.
    const after: number[] = [];
    for (let i = 0; i < 9; i++) after.push(await tokenStatus(server, tenant));
    assert.deepEqual(after, [200, 200, 200, 200, 200, 200, 200, 200, 429]);
  });

  test('a Redis that cannot be reached at start: local limits, said once', async () => {
    logs.length = 0;
    const server = await start(
      { GATEHOUSE_REDIS_URL: 'redis://127.0.0.1:1', GATEHOUSE_RATE_LIMIT_INSTANCES: '1' },
      true,
    );
    assert.equal(server.rateLimits.mode, 'local');
    const tenant = await limitedTenant(server.gatehouse, { rate: 0.001, burst: 2 }, [server]);
    assert.deepEqual(
      [
        await tokenStatus(server, tenant),
        await tokenStatus(server, tenant),
        await tokenStatus(server, tenant),
      ],
      [200, 200, 429],
    );
    assert.equal(logs.filter((l) => l.level === 'warn' && l.msg.includes('Redis')).length, 1);
  });
});

import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { createTenant, requestToken, spyOnDb, within } from '../runtime/helpers.js';

interface Probe {
  status: number;
  headers: Headers;
  body: { status?: string; checks?: Record<string, string> };
}

async function probe(server: RunningServer, path: string): Promise<Probe> {
  const response = await fetch(server.url + path);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Probe['body'],
  };
}

for (const name of backendNames()) {
  describe(`liveness and readiness probes (${name})`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    const start = async (env: Record<string, string>) => {
      const backend: TestBackend = await createBackend(name);
      cleanups.push(() => backend.cleanup());
      const server = await startTestServer(backend, { env });
      cleanups.push(() => server.close());
      return server;
    };

    test('/readyz is 503 until the first change poll has run, then 200; /healthz is 200 throughout', async () => {
      // The longest poll interval there is (1 s): the spy below holds the first poll in time.
      const server = await start({ GATEHOUSE_CHANGE_POLL_MS: '1000' });
      // Hold every store call from now on: the first periodic poll cannot finish.
      const spy = spyOnDb(server.gatehouse.db);
      cleanups.push(() => spy.restore());
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      spy.around = async (_call, proceed) => {
        await held;
        return proceed();
      };
      const before = await probe(server, '/readyz');
      assert.equal(before.status, 503);
      assert.deepEqual(before.body, {
        status: 'not_ready',
        checks: { store: 'ok', signingKeys: 'ok', changePoll: 'pending' },
      });
      assert.equal(before.headers.get('cache-control'), 'no-store');
      assert.match(before.headers.get('content-type') ?? '', /^application\/json/);
      const live = await probe(server, '/healthz');
      assert.equal(live.status, 200);
      assert.deepEqual(live.body, { status: 'ok' });

      release();
      spy.around = undefined;
      await within(
        '/readyz turns 200 after the first poll',
        async () => {
          const now = await probe(server, '/readyz');
          return { ok: now.status === 200, last: now };
        },
        10_000,
      );
      assert.deepEqual((await probe(server, '/readyz')).body, {
        status: 'ok',
        checks: { store: 'ok', signingKeys: 'ok', changePoll: 'ok' },
      });
    });

    test('a store that stops answering fails /readyz after the grace time while cached clients get tokens; it recovers', async () => {
      const server = await start({
        GATEHOUSE_CHANGE_POLL_MS: '100',
        GATEHOUSE_READY_STORE_GRACE_SECONDS: '1',
      });
      const cached = await createTenant(server.gatehouse);
      const uncached = await createTenant(server.gatehouse);
      // The new APIs reach this instance's cache through the change log.
      await server.runtime.poll();
      const first = await requestToken(server.url, cached, { resource: cached.identifier });
      assert.equal(first.status, 200, first.text);
      await within('ready', async () => (await probe(server, '/readyz')).status === 200, 3000);

      const spy = spyOnDb(server.gatehouse.db);
      cleanups.push(() => spy.restore());
      // A black hole: every store call hangs, as over a dead connection.
      spy.around = () => new Promise(() => undefined);
      const cutAt = Date.now();
      // Within the grace time a stalled store is not yet a reason to leave the rotation.
      const early = await probe(server, '/readyz');
      assert.equal(early.status, 200, JSON.stringify(early.body));
      await within(
        '/readyz fails once the store has been silent past the grace time',
        async () => {
          const now = await probe(server, '/readyz');
          return { ok: now.status === 503, last: now };
        },
        5000,
      );
      assert.ok(Date.now() - cutAt >= 900, 'not before the grace time');
      assert.deepEqual((await probe(server, '/readyz')).body, {
        status: 'not_ready',
        checks: { store: 'down', signingKeys: 'ok', changePoll: 'down' },
      });
      // The probes answer at once: neither waits on the store.
      const startedAt = performance.now();
      assert.equal((await probe(server, '/healthz')).status, 200);
      assert.equal((await probe(server, '/readyz')).status, 503);
      assert.ok(performance.now() - startedAt < 1000);

      const token = await requestToken(server.url, cached, { resource: cached.identifier });
      assert.equal(token.status, 200, token.text);

      // An uncached client's lookup cannot finish: black-holed calls end as 503, never 500.
      spy.around = () => Promise.reject(new Error('connection lost'));
      const refused = await requestToken(server.url, uncached, { resource: uncached.identifier });
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.body?.error, 'temporarily_unavailable');
      assert.equal(refused.headers.get('retry-after'), '1');

      spy.around = undefined;
      await within(
        '/readyz recovers with the store, without a restart',
        async () => {
          const now = await probe(server, '/readyz');
          return { ok: now.status === 200, last: now };
        },
        10_000,
      );
      const back = await requestToken(server.url, uncached, { resource: uncached.identifier });
      assert.equal(back.status, 200, back.text);
    });
  });
}

import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend } from '../support/backends.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { startTestServer } from '../support/server.js';
import { createTenant, requestToken, type Tenant, within } from './helpers.js';

interface Answer {
  who: 'cached' | 'uncached';
  phase: string;
  status: number;
  error: unknown;
  retryAfter: string | null;
}

/**
 * Token requests in loops, four for the cached client and two for the phase's uncached one
 * (one that has not had a token yet), until stopped; every answer is kept with its phase.
 */
function load(server: RunningServer, cached: Tenant, uncached: () => Tenant, phase: () => string) {
  const answers: Answer[] = [];
  let running = true;
  const loop = async (who: Answer['who'], client: () => Tenant) => {
    while (running) {
      const sentIn = phase();
      const tenant = client();
      const res = await requestToken(server.url, tenant, { resource: tenant.identifier });
      answers.push({
        who,
        phase: sentIn,
        status: res.status,
        error: res.body?.error,
        retryAfter: res.headers.get('retry-after'),
      });
    }
  };
  const loops = [
    ...Array.from({ length: 4 }, () => loop('cached', () => cached)),
    ...Array.from({ length: 2 }, () => loop('uncached', uncached)),
  ];
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function readyz(server: RunningServer): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

// The proof that a store outage is survivable: Gatehouse over PostgreSQL through a TCP proxy the
// test controls, under load, with connections dropped, then black-holed, then restored.
if (backendNames().includes('postgres')) {
  describe('token service through PostgreSQL faults', () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('cached clients keep getting tokens, uncached ones get 503 with Retry-After, /readyz follows, all recovers', async () => {
      const backend = await createBackend('postgres');
      cleanups.push(() => backend.cleanup());
      const direct = new URL(backend.databaseUrl ?? '');
      const proxy = new FaultProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const server = await startTestServer(backend, {
        env: {
          GATEHOUSE_DATABASE_URL: await proxy.proxy(direct.href),
          GATEHOUSE_CHANGE_POLL_MS: '100',
          GATEHOUSE_READY_STORE_GRACE_SECONDS: '1',
        },
      });
      cleanups.push(() => server.close());
      // Runs before the server's close, which waits for its poll to end.
      cleanups.push(() => proxy.close());

      const cached = await createTenant(server.gatehouse);
      // Once served, a client is cached: each fault gets a client never served before.
      const uncachedInDrop = await createTenant(server.gatehouse);
      const uncachedInBlackhole = await createTenant(server.gatehouse);
      await server.runtime.poll();
      const first = await requestToken(server.url, cached, { resource: cached.identifier });
      assert.equal(first.status, 200, first.text);
      await within('ready', async () => (await readyz(server)).status === 200, 3000);

      let phase = 'up';
      const traffic = load(
        server,
        cached,
        () => (phase.includes('blackhole') ? uncachedInBlackhole : uncachedInDrop),
        () => phase,
      );
      cleanups.push(() => traffic.stop());
      const readyWithin = (status: number, ms: number) =>
        within(
          `/readyz answers ${status} (${phase})`,
          async () => {
            const now = await readyz(server);
            return { ok: now.status === status, last: now };
          },
          ms,
        );
      const uncachedAnswer = (status: number, ms: number) =>
        within(
          `the uncached client gets ${status} (${phase})`,
          async () =>
            traffic.answers.some((a) => a.who === 'uncached' && a.phase === phase && a.status === status),
          ms,
        );

      // Every connection is reset, and every new one: the store's host is gone.
      phase = 'drop';
      proxy.drop();
      await readyWithin(503, 5000);
      await uncachedAnswer(503, 5000);
      phase = 'restored after drop';
      proxy.restore();
      await readyWithin(200, 10_000);
      await uncachedAnswer(200, 10_000);

      // Every connection, open or new, goes silent: a partition. Only timeouts can tell.
      phase = 'blackhole';
      proxy.blackhole();
      await readyWithin(503, 5000);
      // The pool's connect and query timeouts (5 s and 10 s) end the lookups that hang.
      await uncachedAnswer(503, 15_000);
      phase = 'restored after blackhole';
      proxy.restore();
      await readyWithin(200, 15_000);
      await uncachedAnswer(200, 15_000);
      await traffic.stop();

      const { answers } = traffic;
      const cachedAnswers = answers.filter((a) => a.who === 'cached');
      assert.ok(cachedAnswers.length > 100, `load ran: ${cachedAnswers.length} cached answers`);
      for (const p of ['drop', 'blackhole']) {
        assert.ok(
          cachedAnswers.some((a) => a.phase === p),
          `cached clients were served during ${p}`,
        );
      }
      const notServed = cachedAnswers.filter((a) => a.status !== 200);
      assert.deepEqual(notServed, [], 'every cached request got a token');
      for (const a of answers.filter((x) => x.who === 'uncached')) {
        if (a.status === 200) continue;
        assert.equal(a.status, 503, JSON.stringify(a));
        assert.equal(a.error, 'temporarily_unavailable', JSON.stringify(a));
        assert.equal(a.retryAfter, '1', JSON.stringify(a));
      }
      // No restart: the same process serves both clients again.
      for (const tenant of [cached, uncachedInDrop, uncachedInBlackhole]) {
        const again = await requestToken(server.url, tenant, { resource: tenant.identifier });
        assert.equal(again.status, 200, again.text);
      }
    });
  });
}

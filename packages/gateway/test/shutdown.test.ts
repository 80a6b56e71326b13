import * as assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { eventually, startTestGateway } from './support/gateway.js';
import { request } from './support/http.js';
import { TestUpstream } from './support/upstream.js';

// No token checks here, so no authorization server: an issuer nobody asks.
const ISSUER = 'http://127.0.0.1:9';

describe('graceful shutdown', () => {
  let upstream: TestUpstream;
  before(async () => {
    upstream = await new TestUpstream().start();
  });
  after(async () => {
    await upstream?.close();
  });

  const start = (shutdownMs: number) =>
    startTestGateway({
      issuer: ISSUER,
      timeouts: { shutdownMs, upstreamMs: 10_000 },
      routes: [{ path: '/', upstream: upstream.url, auth: 'none' }],
    });

  test('a request in flight finishes; new connections are refused', async () => {
    const { gateway } = await start(5_000);
    const received = upstream.received;
    const inFlight = request(`${gateway.url}/slow?ms=600`);
    await eventually(() => upstream.received > received);
    const started = Date.now();
    const closed = gateway.close();
    await assert.rejects(request(`${gateway.url}/x`), { code: 'ECONNREFUSED' });
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.connection, 'close');
    await closed;
    assert.ok(Date.now() - started < 2_000, 'closed soon after the last answer');
    assert.equal(gateway.health().status, 'shutting_down');
  });

  test('idle keep-alive connections do not hold shutdown up', async () => {
    const { gateway } = await start(5_000);
    const agent = new http.Agent({ keepAlive: true });
    try {
      assert.equal((await request(`${gateway.url}/x`, { agent })).status, 200);
      const started = Date.now();
      await gateway.close();
      // Far below the 5 s shutdownMs an idle connection would otherwise hold it for.
      assert.ok(Date.now() - started < 2_500);
    } finally {
      agent.destroy();
    }
  });

  test('what is still running at shutdownMs is cut, and the upstream request cancelled', async () => {
    const { gateway, logs } = await start(300);
    const received = upstream.received;
    const closedBefore = upstream.closed;
    const hanging = request(`${gateway.url}/hang`);
    hanging.catch(() => undefined);
    await eventually(() => upstream.received > received);
    const started = Date.now();
    await gateway.close();
    const took = Date.now() - started;
    assert.ok(took >= 250 && took < 2_000, `took ${took} ms`);
    await assert.rejects(hanging, { code: 'ECONNRESET' });
    await eventually(() => upstream.closed > closedBefore);
    assert.ok(logs.some((l) => l.msg.startsWith('shutdown deadline reached')));
  });
});

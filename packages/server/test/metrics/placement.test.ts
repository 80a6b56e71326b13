import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { MeteredDb } from '../../src/metrics/metered-db.js';
import type { RunningServer } from '../../src/serve.js';
import { StoreUnreachable } from '../../src/store/db.js';
import { createBackend } from '../support/backends.js';
import { valueOf } from '../support/metrics.js';
import { startTestServer } from '../support/server.js';
import { spyOnDb } from '../runtime/helpers.js';

async function jsonNotFound(url: string): Promise<string> {
  const answer = await fetch(url);
  assert.equal(answer.status, 404, url);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, url);
  const body = (await answer.json()) as { error: string; error_description: string };
  assert.equal(body.error, 'not_found');
  return body.error_description;
}

describe('where metrics are served', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const start = async (env: Record<string, string>): Promise<RunningServer> => {
    const backend = await createBackend('sqlite');
    cleanups.push(() => backend.cleanup());
    const server = await startTestServer(backend, { env });
    cleanups.push(() => server.close());
    return server;
  };

  test('GATEHOUSE_METRICS_PORT: /metrics on its own listener, on loopback; the main port answers a JSON 404', async () => {
    const server = await start({ GATEHOUSE_METRICS_PORT: '0' });
    assert.ok(server.metricsUrl, 'a metrics URL');
    const own = new URL(server.metricsUrl);
    assert.equal(own.hostname, '127.0.0.1');
    assert.notEqual(own.port, new URL(server.url).port);
    const answer = await fetch(`${server.metricsUrl}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await answer.text(), /^gatehouse_ready 1$/m);
    assert.match(await jsonNotFound(`${server.url}/metrics`), /own port/);
    // Nothing else lives on the metrics port: not the portal, not the probes, not the API.
    for (const path of ['/', '/healthz', '/oauth2/token', '/api/v1/teams', '/metrics/x']) {
      await jsonNotFound(`${server.metricsUrl}${path}`);
    }
  });

  test('GATEHOUSE_METRICS=off: /metrics is a JSON 404 and no metrics port opens', async () => {
    const server = await start({ GATEHOUSE_METRICS: 'off', GATEHOUSE_METRICS_PORT: '0' });
    assert.equal(server.metricsUrl, undefined);
    assert.equal(server.metrics.enabled, false);
    assert.match(await jsonNotFound(`${server.url}/metrics`), /turned off/);
    assert.ok(!(server.gatehouse.db instanceof MeteredDb), 'the store is not wrapped when metrics are off');
  });

  test('a store that fails or hangs does not fail the scrape', async () => {
    const server = await start({});
    const db = server.gatehouse.db;
    assert.ok(db instanceof MeteredDb);
    const spy = spyOnDb(db.inner);
    cleanups.push(() => spy.restore());
    spy.around = () => Promise.reject(new StoreUnreachable(new Error('connection refused')));
    const failing = await fetch(`${server.url}/metrics`);
    assert.equal(failing.status, 200);
    const text = await failing.text();
    assert.equal(valueOf(text, 'gatehouse_portal_sessions_active'), 0);
    // The counter is read as the scrape starts, before that scrape's own count fails: ask again.
    const again = await (await fetch(`${server.url}/metrics`)).text();
    assert.ok(valueOf(again, 'gatehouse_store_errors_total', { op: 'read', kind: 'unreachable' }) >= 1);
    spy.around = () => new Promise(() => undefined);
    const started = performance.now();
    assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
    assert.ok(performance.now() - started < 3000, 'the scrape waited on the store');
  });

  test('the settings are checked at start', () => {
    assert.equal(loadConfig({}, {}).metrics.enabled, true);
    assert.equal(loadConfig({}, {}).metrics.port, undefined);
    assert.equal(loadConfig({}, {}).metrics.host, '127.0.0.1');
    assert.equal(loadConfig({}, { GATEHOUSE_METRICS: 'off' }).metrics.enabled, false);
    assert.equal(loadConfig({}, { GATEHOUSE_METRICS_PORT: '9464' }).metrics.port, 9464);
    assert.throws(
      () => loadConfig({}, { GATEHOUSE_METRICS: 'maybe' }),
      /GATEHOUSE_METRICS must be on or off/,
    );
    assert.throws(
      () => loadConfig({}, { GATEHOUSE_METRICS_PORT: 'x' }),
      /GATEHOUSE_METRICS_PORT must be a whole number/,
    );
  });
});

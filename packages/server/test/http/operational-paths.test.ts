import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { createBackend, type TestBackend } from '../support/backends.js';

const INDEX = '<!doctype html><title>Gatehouse portal</title><div id="root"></div>';

// A Kubernetes probe or a Prometheus scrape that got the portal's HTML with a 200 would believe it.
describe('operational paths are never answered by the portal', () => {
  let root: string;
  let backend: TestBackend;
  let server: RunningServer;
  const saved = process.env.GATEHOUSE_PORTAL_DIR;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatehouse-portal-'));
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), INDEX);
    process.env.GATEHOUSE_PORTAL_DIR = root;
    backend = await createBackend('sqlite');
    server = await startServer(backend.config(), { logger: silentLogger });
  });
  after(async () => {
    await server.close();
    await backend.cleanup();
    rmSync(root, { recursive: true, force: true });
    if (saved === undefined) delete process.env.GATEHOUSE_PORTAL_DIR;
    else process.env.GATEHOUSE_PORTAL_DIR = saved;
  });

  test('an unknown path still gets the portal page', async () => {
    const page = await fetch(`${server.url}/teams/t1`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), INDEX);
  });

  test('/metrics answers Prometheus text to GET and HEAD, never the portal page', async () => {
    const get = await fetch(`${server.url}/metrics`);
    assert.equal(get.status, 200);
    assert.match(get.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await get.text();
    assert.ok(!text.includes('<'), text.slice(0, 200));
    assert.match(text, /^# HELP /m);
    const head = await fetch(`${server.url}/metrics`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('/healthz and /readyz answer JSON to GET and HEAD', async () => {
    for (const path of ['/healthz', '/readyz']) {
      for (const method of ['GET', 'HEAD']) {
        const answer = await fetch(server.url + path, { method });
        assert.ok(answer.status === 200 || answer.status === 503, `${method} ${path}: ${answer.status}`);
        assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
        assert.equal(answer.headers.get('cache-control'), 'no-store', `${method} ${path}`);
        const text = await answer.text();
        if (method === 'HEAD') assert.equal(text, '');
        else assert.ok(!text.includes('<'), text);
      }
    }
  });

  test('paths under them, and other methods, are JSON refusals too', async () => {
    for (const path of ['/metrics/', '/metrics/x', '/healthz/', '/readyz/live', '/readyz/?verbose']) {
      for (const method of ['GET', 'HEAD']) {
        const answer = await fetch(server.url + path, { method });
        assert.equal(answer.status, 404, `${method} ${path}`);
        assert.match(answer.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path}`);
      }
    }
    for (const path of ['/metrics', '/healthz', '/readyz']) {
      const answer = await fetch(server.url + path, { method: 'POST' });
      assert.equal(answer.status, 405, path);
      assert.equal(answer.headers.get('allow'), 'GET, HEAD');
      assert.equal(((await answer.json()) as { error: string }).error, 'method_not_allowed');
    }
  });
});

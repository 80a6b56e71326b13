import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { createBackend, type TestBackend } from '../support/backends.js';

const INDEX = '<!doctype html><title>Gatehouse portal</title><div id="root"></div>';
const APP = 'console.log("portal");';
const SECRET = 'not-for-the-web';

/** A GET with the path exactly as given: fetch would normalise `..` away before sending. */
function rawGet(base: string, path: string, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request({ host: hostname, port, path, method }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('portal static files and SPA fallback', () => {
  let root: string;
  let backend: TestBackend;
  let server: RunningServer;
  const saved = process.env.GATEHOUSE_PORTAL_DIR;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatehouse-portal-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'app.js'), APP);
    writeFileSync(join(root, 'secret.txt'), SECRET);
    process.env.GATEHOUSE_PORTAL_DIR = dist;
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

  const assertPage = (answer: { status: number; headers: Record<string, unknown>; text: string }) => {
    assert.equal(answer.status, 200);
    assert.equal(answer.text, INDEX);
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(answer.headers['cache-control'], 'no-cache');
    assertSecurityHeaders(answer.headers);
  };
  const assertSecurityHeaders = (headers: Record<string, unknown>) => {
    const csp = String(headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
  };

  test('/ and deep links of the app answer index.html, never cached', async () => {
    for (const path of [
      '/',
      '/clients/abc',
      '/teams/t1/members',
      '/login?error=sso_failed',
      '/setup?token=x',
    ]) {
      assertPage(await rawGet(server.url, path));
    }
  });

  test('assets are served with their type and cached for a year as immutable', async () => {
    const answer = await rawGet(server.url, '/assets/app.js');
    assert.equal(answer.status, 200);
    assert.equal(answer.text, APP);
    assert.equal(answer.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable');
    assertSecurityHeaders(answer.headers);
    const head = await rawGet(server.url, '/assets/app.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  test('a missing asset or file is a 404, not the app page', async () => {
    for (const path of ['/assets/missing.js', '/favicon.ico', '/robots.txt', '/assets/']) {
      const answer = await rawGet(server.url, path);
      assert.equal(answer.status, 404, path);
      assert.notEqual(answer.text, INDEX);
    }
  });

  test('no path escapes the portal directory', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00',
      '/../etc/passwd',
      '/%E0%A4%A',
    ]) {
      const answer = await rawGet(server.url, path);
      assert.equal(answer.status, 404, `${path}: ${answer.status}`);
      assert.ok(!answer.text.includes(SECRET), path);
    }
  });

  test('protocol and API paths never fall back to the app', async () => {
    for (const path of ['/api/v1/nothing', '/oauth2/nothing', '/.well-known/nothing']) {
      const answer = await rawGet(server.url, path);
      assert.equal(answer.status, 404, path);
      assert.match(String(answer.headers['content-type']), /^application\/json/);
    }
    const post = await fetch(`${server.url}/clients/abc`, { method: 'POST' });
    assert.equal(post.status, 404);
    await post.body?.cancel();
  });
});

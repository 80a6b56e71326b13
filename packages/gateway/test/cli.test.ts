import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { cliOutputSchemas } from '@gatehouse/schemas';
import { AuthServer } from './support/auth-server.js';
import { eventually } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { type Echo, TestUpstream } from './support/upstream.js';

/** The real command, as users run it (after the build). */
const CLI = fileURLToPath(new URL('../../../server/bin/gatehouse.js', import.meta.url));

interface Child {
  process: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function gatehouse(args: readonly string[]): Child {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GATEHOUSE_') && !key.startsWith('npm_')) env[key] = value;
  }
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...env, GATEHOUSE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result: Child = {
    process: child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (result.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (result.stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void result.exited.then(() => clearTimeout(killer));
  return result;
}

describe('gatehouse gateway --config FILE', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;
  let dir: string;
  let token: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-cli-'));
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
    await auth.resourceServer('lj-health-food', ['place-order']);
    const client = await auth.client(['lj-health-food/place-order']);
    token = await auth.token(client, 'lj-health-food/place-order');
  });
  after(async () => {
    await upstream?.close();
    await auth?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('starts, proxies with token checks, logs, and stops on SIGTERM', async () => {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      [
        'listen: 127.0.0.1:0',
        `issuer: ${auth.issuer}`,
        'audience: lj-health-food',
        'routes:',
        '  - path: /orders',
        `    upstream: ${upstream.url}`,
        '    scopes: [place-order]',
        '',
      ].join('\n'),
    );
    const child = gatehouse(['gateway', '--config', file]);
    await eventually(() => child.stderr.includes('Press Ctrl+C') || child.process.exitCode !== null, 15_000);
    const url = /listening on:\s+(\S+)/.exec(child.stderr)?.[1] ?? '';
    assert.match(child.stderr, /routes:\s+\* \/orders -> http:\/\/127\.0\.0\.1:\d+\n/);
    const info = { url };

    const refused = await request(`${info.url}/orders`);
    assert.equal(refused.status, 401);
    const answer = await request(`${info.url}/orders/7`, { headers: bearer(token) });
    assert.equal(answer.status, 200);
    assert.equal(answer.json<Echo>().url, '/orders/7');

    await eventually(() => child.stdout.includes('"path":"/orders/7"'));
    const access = child.stdout
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      access.map((l) => [l.status, l.path]),
      [
        [401, '/orders'],
        [200, '/orders/7'],
      ],
    );
    assert.ok(!child.stdout.includes(token) && !child.stderr.includes(token));

    child.process.kill('SIGTERM');
    assert.equal(await child.exited, 0);
    assert.match(child.stderr, /SIGTERM: finishing requests in flight/);
    await assert.rejects(request(`${info.url}/orders`), { code: 'ECONNREFUSED' });
  });

  test('a bad config stops it with the file, line and setting', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'listen: 8080',
        `issuer: ${auth.issuer}`,
        'routes:',
        '  - path: /x',
        '    upstream: nope',
        '    auth: none',
        '',
      ].join('\n'),
    );
    const child = gatehouse(['gateway', '--config', file]);
    assert.equal(await child.exited, 1);
    assert.equal(
      child.stderr,
      `error: ${file}:5: routes[0].upstream: must be an http(s) URL such as http://127.0.0.1:3000\n`,
    );
  });

  test('--json prints where it listens as one JSON line', async () => {
    const file = join(dir, 'public.json');
    writeFileSync(
      file,
      JSON.stringify({
        listen: '127.0.0.1:0',
        issuer: auth.issuer,
        routes: [{ path: '/', upstream: upstream.url, auth: 'none' }],
      }),
    );
    const child = gatehouse(['gateway', '--config', file, '--json']);
    await eventually(() => child.stdout.includes('\n') || child.process.exitCode !== null, 15_000);
    const info = cliOutputSchemas.gateway.parse(JSON.parse(child.stdout.split('\n')[0] ?? ''));
    assert.deepEqual({ ...info, url: undefined }, { url: undefined, issuer: auth.issuer, routes: 1 });
    assert.equal((await request(`${info.url}/healthz`)).status, 200);
    child.process.kill('SIGINT');
    assert.equal(await child.exited, 0);
  });

  test('signed claims: the key file is found beside the config; a bad one stops the start', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'gateway-key.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const lines = (keyFile: string) =>
      [
        'listen: 127.0.0.1:0',
        `issuer: ${auth.issuer}`,
        'audience: lj-health-food',
        'signedClaims:',
        '  issuer: https://gateway.example.com',
        `  keyFile: ${keyFile}`,
        'routes:',
        '  - path: /orders',
        `    upstream: ${upstream.url}`,
        '    forwardClaims: signed',
        '',
      ].join('\n');
    const file = join(dir, 'signed.yaml');
    writeFileSync(file, lines('gateway-key.pem'));
    const child = gatehouse(['gateway', '--config', file, '--json']);
    await eventually(() => child.stdout.includes('\n') || child.process.exitCode !== null, 15_000);
    const { url } = cliOutputSchemas.gateway.parse(JSON.parse(child.stdout.split('\n')[0] ?? ''));
    const jwks = await request(`${url}/.well-known/gatehouse-gateway/jwks.json`);
    assert.equal(jwks.status, 200);
    assert.equal(jwks.json<{ keys: { alg: string }[] }>().keys[0]?.alg, 'ES256');
    const answer = await request(`${url}/orders`, { headers: bearer(token) });
    assert.equal(typeof answer.json<Echo>().headers['x-gatehouse-jwt-assertion'], 'string');
    child.process.kill('SIGTERM');
    assert.equal(await child.exited, 0);

    writeFileSync(file, lines('missing.pem'));
    const failed = gatehouse(['gateway', '--config', file]);
    assert.equal(await failed.exited, 1);
    assert.match(
      failed.stderr,
      /^error: .*signed\.yaml:6: signedClaims\.keyFile: cannot read .*missing\.pem: no such file \(create one with: openssl genpkey/,
    );
  });

  test('--config is required', async () => {
    const child = gatehouse(['gateway']);
    assert.equal(await child.exited, 2);
    assert.match(child.stderr, /--config/);
  });
});

import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { cliOutputSchemas } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { within } from '../support/within.js';
import { cliFor, spawnCli } from './helpers.js';

/** What a child wrote to each stream so far, kept up to date as it writes. */
interface Streams {
  stdout: string;
  stderr: string;
}

/** Collects a child's output until `done` says it has seen enough. */
function readUntil(child: ChildProcess, done: (out: Streams) => boolean): Promise<Streams> {
  return new Promise((resolve, reject) => {
    const out: Streams = { stdout: '', stderr: '' };
    const timer = setTimeout(
      () => reject(new Error(`serve did not start:\n${out.stdout}\n${out.stderr}`)),
      15_000,
    );
    const seen = () => {
      if (done(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      out.stderr += chunk;
      seen();
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out.stdout += chunk;
      seen();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out.stdout}\n${out.stderr}`));
    });
  });
}

/** stdout's lines, each of which must be a JSON log line. */
function logLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `serving` log line, once stdout has it. */
function servingLine(stdout: string): Record<string, unknown> | undefined {
  return logLines(stdout.slice(0, stdout.lastIndexOf('\n') + 1)).find((line) => line.msg === 'serving');
}

/** Starts waiting for the `serving` log line and returns it without `time`, `level`, `pid` and `msg`. */
async function serving(child: ChildProcess): Promise<{ info: Record<string, string>; out: Streams }> {
  const out = await readUntil(child, ({ stdout }) => servingLine(stdout) !== undefined);
  const { time, level, pid, msg, ...info } = servingLine(out.stdout) ?? {};
  assert.equal(msg, 'serving');
  assert.equal(level, 'info');
  assert.equal(pid, child.pid);
  assert.match(String(time), /^\d{4}-\d\d-\d\dT/);
  return { info: info as Record<string, string>, out };
}

/** Once the child has exited and its output streams are read to the end. */
function closeOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.stdout?.closed && child.stderr?.closed && child.exitCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('close', (code, signal) => resolve({ code, signal }));
  });
}

/** A token request carrying a secret everywhere a caller might put one. */
async function tokenRequestWith(url: string, id: string, secret: string): Promise<void> {
  const answer = await fetch(`${url}/oauth2/token?client_secret=${secret}`, {
    method: 'POST',
    headers: {
      'x-request-id': id,
      authorization: `Basic ${Buffer.from(`someone:${secret}`).toString('base64')}`,
      cookie: `gh_session=${secret}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=client_credentials&client_secret=${secret}`,
  });
  await answer.arrayBuffer();
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

for (const name of backendNames()) {
  describe(`gatehouse serve (${name})`, () => {
    let backend: TestBackend;
    const children: ChildProcess[] = [];
    const serve = (...args: string[]) => {
      const child = spawnCli(['serve', '--port', '0', ...args], backend.env());
      children.push(child);
      return child;
    };
    before(async () => {
      backend = await createBackend(name);
    });
    after(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await backend.cleanup();
    });

    test('--json logs one line of endpoints, even when quiet, and no banner; SIGTERM closes gracefully', async () => {
      const child = serve('--json');
      const { info, out } = await serving(child);
      // stdout holds only log lines; the banner is for people and --json says none is there.
      assert.ok(!out.stderr.includes('Gatehouse '), out.stderr);
      const port = new URL(info.url ?? '').port;
      const issuer = `http://localhost:${port}`;
      assert.deepEqual(info, {
        issuer,
        url: `http://127.0.0.1:${port}`,
        tokenEndpoint: `${issuer}/oauth2/token`,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        metadata: `${issuer}/.well-known/oauth-authorization-server`,
        portal: `${issuer}/`,
        introspectionEndpoint: `${issuer}/oauth2/introspect`,
        revocationEndpoint: `${issuer}/oauth2/revoke`,
        store: name === 'sqlite' ? `SQLite ${backend.dataDir}/gatehouse.db` : info.store,
        // The previous release's names, kept for one more release.
        token_endpoint: `${issuer}/oauth2/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        introspection_endpoint: `${issuer}/oauth2/introspect`,
        revocation_endpoint: `${issuer}/oauth2/revoke`,
      });
      cliOutputSchemas.serving.parse(info);
      if (name === 'postgres')
        assert.match(info.store ?? '', /^PostgreSQL 127\.0\.0\.1:5432\/gatehouse_test_/);
      const metadata = (await (
        await fetch(`${info.url}/.well-known/oauth-authorization-server`)
      ).json()) as Record<string, unknown>;
      assert.equal(metadata.issuer, issuer);
      assert.equal(metadata.token_endpoint, info.tokenEndpoint);

      child.kill('SIGTERM');
      assert.deepEqual(await exitOf(child), { code: 0, signal: null });
      // The store was closed cleanly: the next command opens it at once.
      const after = await cliFor(backend)('keys', 'list', '--json');
      assert.equal(after.code, 0, after.stderr);
    });

    test('the banner goes to stderr with the issuer, endpoints, store and next steps; SIGINT stops it', async () => {
      const child = spawnCli(['serve', '--port', '0', '--issuer', 'https://auth.example.com'], {
        ...backend.env(),
        GATEHOUSE_LOG_LEVEL: 'info',
      });
      children.push(child);
      const out = await readUntil(
        child,
        ({ stdout, stderr }) => stderr.includes('Press Ctrl+C to stop.') && servingLine(stdout) !== undefined,
      );
      const banner = out.stderr;
      assert.ok(banner.startsWith('Gatehouse '), banner);
      // stdout holds only JSON log lines, one of which says where it serves.
      assert.ok(!out.stdout.includes('Press Ctrl+C'), out.stdout);
      logLines(out.stdout);
      assert.equal(servingLine(out.stdout)?.tokenEndpoint, 'https://auth.example.com/oauth2/token');
      assert.match(banner, /^ {2}issuer: +https:\/\/auth\.example\.com$/m);
      assert.match(banner, /^ {2}token: +https:\/\/auth\.example\.com\/oauth2\/token$/m);
      assert.match(banner, /^ {2}jwks: +https:\/\/auth\.example\.com\/\.well-known\/jwks\.json$/m);
      assert.match(banner, /^ {2}introspection: +https:\/\/auth\.example\.com\/oauth2\/introspect$/m);
      assert.match(banner, /^ {2}revocation: +https:\/\/auth\.example\.com\/oauth2\/revoke$/m);
      assert.match(banner, /^ {2}listening on: +http:\/\/127\.0\.0\.1:\d+$/m);
      assert.match(banner, name === 'sqlite' ? /^ {2}store: +SQLite \//m : /^ {2}store: +PostgreSQL /m);
      assert.match(banner, /^ {2}mail: +outbox \/.*\/outbox$/m);
      assert.ok(banner.includes('gatehouse resource-servers create --identifier lj-health-food'));
      assert.ok(
        banner.includes('gatehouse clients create --name checkout --scope lj-health-food/place-order'),
      );
      assert.ok(banner.includes('curl -s -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials'));
      child.kill('SIGINT');
      assert.deepEqual(await exitOf(child), { code: 0, signal: null });
    });

    test('with no account yet, the one-time setup link is shown on stderr only, never in the JSON log', async () => {
      const child = spawnCli(['serve', '--port', '0'], { ...backend.env(), GATEHOUSE_LOG_LEVEL: 'info' });
      children.push(child);
      const out = await readUntil(child, ({ stderr }) => stderr.includes('Press Ctrl+C to stop.'));
      await within('the setup link on stderr', async () => out.stderr.includes('setup?token='), 5000);
      // Log lines reach stdout in batches, within 100 ms.
      await within('the setup warning on stdout', async () => /setup link/.test(out.stdout), 5000);
      const { stdout, stderr } = out;
      const link = /(http:\/\/localhost:\d+\/setup\?token=([A-Za-z0-9_-]{40,}))/.exec(stderr);
      assert.ok(link, `no setup link on stderr: ${stderr}`);
      const token = link[2] ?? '';
      assert.ok(!stdout.includes(token), 'the setup token reached stdout');
      assert.ok(!stdout.includes('setup?token='), 'a setup link reached stdout');
      const logLines = stdout.split('\n').filter((line) => line.startsWith('{'));
      const warning = logLines
        .map((line) => JSON.parse(line) as { msg: string })
        .find((e) => /setup link/.test(e.msg));
      assert.ok(warning, `the log says setup is pending: ${stdout}`);
      child.kill('SIGTERM');
      assert.equal((await exitOf(child)).code, 0);
    });

    test('an access log line per request on stdout, the last ones too when SIGTERM stops it; no credential', async () => {
      const child = spawnCli(['serve', '--port', '0', '--json'], {
        ...backend.env(),
        GATEHOUSE_LOG_LEVEL: 'info',
      });
      children.push(child);
      const { info, out } = await serving(child);
      const secret = 'never-logged-7d3e1f9a2b4c';
      const ids = Array.from({ length: 20 }, (_, i) => `shutdown-${i}`);
      for (const id of ids) await tokenRequestWith(info.url ?? '', id, secret);
      child.kill('SIGTERM');
      assert.deepEqual(await closeOf(child), { code: 0, signal: null });
      const lines = logLines(out.stdout).filter((line) => line.msg === 'request');
      // Several workers answer in turn, so lines arrive in their order, not the requests'.
      assert.deepEqual(
        lines.map((line) => [line.requestId, line.route, line.level]).sort(),
        ids.map((id) => [id, '/oauth2/token', 'info']).sort(),
      );
      assert.ok(!out.stdout.includes(secret) && !out.stderr.includes(secret), 'a credential was logged');
      assert.ok(!out.stdout.includes(Buffer.from(`someone:${secret}`).toString('base64')));
    });

    test('a second signal exits at once, and every line logged before it is on stdout', async () => {
      const child = spawnCli(['serve', '--port', '0'], { ...backend.env(), GATEHOUSE_LOG_LEVEL: 'info' });
      children.push(child);
      const out = await readUntil(
        child,
        ({ stdout, stderr }) => stderr.includes('Press Ctrl+C to stop.') && servingLine(stdout) !== undefined,
      );
      const url = String(servingLine(out.stdout)?.url);
      const ids = Array.from({ length: 10 }, (_, i) => `forced-${i}`);
      for (const id of ids) await tokenRequestWith(url, id, 'never-logged-0a9b8c7d6e5f');
      // A request still arriving keeps the graceful close waiting, so only the second signal ends it.
      // Its "100 Continue" shows the server has taken it as a request in flight: a connection it had
      // not read yet would be idle to the graceful close, and dropped.
      const stuck = connect(Number(new URL(url).port), '127.0.0.1');
      stuck.on('error', () => {});
      let answered = '';
      stuck.setEncoding('utf8').on('data', (chunk: string) => (answered += chunk));
      stuck.write(
        'POST /oauth2/token HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n' +
          'expect: 100-continue\r\ncontent-length: 100\r\n\r\n',
      );
      await within('the request taken', async () => answered.startsWith('HTTP/1.1 100 Continue'), 5000);
      stuck.write('grant');
      child.kill('SIGTERM');
      await within('the first signal is acknowledged', async () => out.stderr.includes('SIGTERM: '), 5000);
      child.kill('SIGINT');
      assert.deepEqual(await closeOf(child), { code: 130, signal: null });
      stuck.destroy();
      assert.match(out.stderr, /SIGINT again: exiting without waiting/);
      const logged = logLines(out.stdout)
        .filter((line) => line.msg === 'request')
        .map((line) => line.requestId);
      assert.deepEqual(logged.sort(), [...ids].sort());
    });

    test('a port in use is a clear error, exit 1', async () => {
      const first = serve('--json');
      const { info } = await serving(first);
      const port = new URL(info.url ?? '').port;
      const second = await cliFor(backend)('serve', '--port', port);
      assert.equal(second.code, 1);
      assert.equal(
        second.stderr,
        `error: 127.0.0.1:${port} is already in use; stop the other process or choose another --port\n`,
      );
      first.kill('SIGTERM');
      assert.equal((await exitOf(first)).code, 0);
    });

    test('a readiness grace shorter than four change polls is refused before anything starts', async () => {
      const result = await cliFor(backend, {
        GATEHOUSE_READY_STORE_GRACE_SECONDS: '1',
        GATEHOUSE_CHANGE_POLL_MS: '1000',
      })('serve', '--port', '0');
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^error: GATEHOUSE_READY_STORE_GRACE_SECONDS must be at least four GATEHOUSE_CHANGE_POLL_MS intervals/,
      );
    });

    test('a bad issuer is refused before anything starts', async () => {
      const result = await cliFor(backend)('serve', '--port', '0', '--issuer', 'http://auth.example.com');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: --issuer must use https/);
    });
  });
}

// A process killed in the middle of writes leaves the store consistent: every client that
// exists has all its permissions and its secret, and SQLite's own check finds nothing wrong.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Client } from '@gatehouse/schemas';
import Database from 'better-sqlite3';
import { SQLITE_FILE } from '../../src/store/open.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { cleanEnv, cliFor, ok } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/create-clients.js', import.meta.url));
const SCOPES = ['a', 'b', 'c', 'd', 'e'].map((s) => `api/${s}`);

/** Runs the writer until it has committed `count` clients, then SIGKILLs it; returns their ids. */
function writeThenKill(backend: TestBackend, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, ...SCOPES], {
      env: cleanEnv(backend.env()),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!killed && stdout.split('\n').length > count) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || !killed)
        reject(new Error(`writer ended on its own (${signal}): ${stderr}`));
      else resolve(stdout.split('\n').filter(Boolean));
    });
  });
}

for (const name of backendNames()) {
  describe(`a writer killed mid-transaction leaves the store consistent (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      const scopes = SCOPES.flatMap((s) => ['--scope', s.slice('api/'.length)]);
      await ok(
        gatehouse('resource-servers', 'create', '--identifier', 'api', '--name', 'API', ...scopes, '--json'),
      );
    });
    after(() => backend.cleanup());

    test('SIGKILL during client creation, three times over', async () => {
      const committed: string[] = [];
      for (const count of [1, 9, 25]) committed.push(...(await writeThenKill(backend, count)));

      const clients = await ok<Client[]>(gatehouse('clients', 'list', '--json'));
      const ids = new Set(clients.map((c) => c.clientId));
      for (const id of committed) assert.ok(ids.has(id), `committed client ${id} survived`);
      // At most one more per kill: committed, but killed before it could say so.
      assert.ok(
        clients.length <= committed.length + 3,
        `${clients.length} clients, ${committed.length} reported`,
      );
      for (const client of clients) {
        assert.deepEqual(client.scopes, SCOPES, `${client.clientId} has every permission`);
        assert.equal(client.secrets.length, 1, `${client.clientId} has its secret`);
      }

      if (name === 'sqlite') {
        const db = new Database(join(backend.dataDir, SQLITE_FILE));
        try {
          assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
          assert.deepEqual(db.pragma('foreign_key_check'), []);
        } finally {
          db.close();
        }
      }
      // And the store still takes writes.
      await ok(gatehouse('clients', 'create', '--name', 'after-crash', '--scope', 'api/a', '--json'));
    });
  });
}

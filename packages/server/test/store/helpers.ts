import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../src/store/db.js';
import { MIGRATIONS, migrationSql } from '../../src/store/migrations.js';
import { SQLITE_FILE } from '../../src/store/open.js';
import { openPostgres } from '../../src/store/postgres.js';
import type { ClientRow, ResourceServerRow, SecretRow } from '../../src/store/repos/rows.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import type { TestBackend } from '../support/backends.js';

export { sleep };

/** Compiled modules a child process imports, as file URLs (tests run from dist/test/**). */
export const DIST_SRC = new URL('../../src/', import.meta.url);

/** The backend's store without migrations: what `openStore` opens before it migrates. */
export function openRaw(backend: TestBackend, options: { max?: number } = {}): Db {
  return backend.databaseUrl
    ? openPostgres(backend.databaseUrl, options)
    : new SqliteDb(join(backend.dataDir, SQLITE_FILE));
}

/** The store as an older release left it: migrations 1 to `last` only. */
export async function migrateTo(db: Db, last: number): Promise<void> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  for (const migration of MIGRATIONS.filter((m) => m.version <= last)) {
    await db.transaction(async (tx) => {
      await tx.exec(migrationSql(migration, tx.dialect));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
    });
  }
}

/** What `migrate` applies to a store that `migrateTo(db, last)` left. */
export function versionsAfter(last: number): number[] {
  return MIGRATIONS.map((m) => m.version).filter((v) => v > last);
}

/** User tables of the store, sorted. */
export async function tableNames(db: Db): Promise<string[]> {
  const rows =
    db.dialect === 'postgres'
      ? await db.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
      : await db.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
  return rows.map((r) => r.name).sort();
}

let counter = 0;
/** A short id unique within this process. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export const NOW = Date.parse('2026-01-01T00:00:00Z');

export function resourceServerRow(id: string, overrides: Partial<ResourceServerRow> = {}): ResourceServerRow {
  return {
    id,
    identifier: `api-${id}`,
    name: `API ${id}`,
    description: '',
    token_ttl: 3600,
    signing_alg: 'ES256',
    token_profile: 'rfc9068',
    built_in: 0,
    team_id: null,
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

export function clientRow(clientId: string, overrides: Partial<ClientRow> = {}): ClientRow {
  return {
    client_id: clientId,
    name: `client ${clientId}`,
    description: '',
    auth_method: 'client_secret_basic',
    team_id: null,
    token_ttl: null,
    enabled: 1,
    jwks: null,
    jwks_uri: null,
    grant_types: '["client_credentials"]',
    created_at: NOW,
    updated_at: NOW,
    last_used_at: null,
    ...overrides,
  };
}

export function secretRow(id: string, clientId: string, hash = 'aGFzaA'): SecretRow {
  return {
    id,
    client_id: clientId,
    hash,
    hint: 'abcd',
    created_at: NOW,
    expires_at: null,
    revoked_at: null,
    last_used_at: null,
  };
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Children still running; `killAll` ends them (tests call it in `after`, so a failure leaves none behind). */
const running = new Set<ChildProcess>();

/**
 * Runs an ES module source text in a fresh Node process (`--input-type=module -e`) and collects
 * its output. A child that outlives `timeoutMs` is killed and reported as timed out, so a hang
 * in the code under test fails the test instead of stalling the run.
 */
export function runModule(
  source: string,
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<ScriptResult> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** The last JSON line a child printed. */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

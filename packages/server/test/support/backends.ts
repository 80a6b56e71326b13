import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.js';
import { generateMasterKey } from '../../src/crypto/master-key.js';

export type BackendName = 'sqlite' | 'postgres';

/** A throwaway store: a temp directory, plus for PostgreSQL a database made and dropped for the test. */
export interface TestBackend {
  name: BackendName;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: string;
  /** A full config for this backend; `env` adds or overrides GATEHOUSE_* variables. */
  config(env?: Record<string, string>): Config;
  /** The environment a child process (CLI, second server) needs to reach the same store. */
  env(): Record<string, string>;
  cleanup(): Promise<void>;
}

/** Backends to run each suite against: SQLite always, PostgreSQL when the test script found one. */
export function backendNames(): BackendName[] {
  return process.env.GATEHOUSE_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Runs SQL on the maintenance database, never on a test's own one. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.GATEHOUSE_TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBackend(name: BackendName): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), `gatehouse-test-${name}-`));
  const masterKey = generateMasterKey();
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (name === 'postgres') {
    const base = process.env.GATEHOUSE_TEST_POSTGRES_URL;
    if (!base) throw new Error('GATEHOUSE_TEST_POSTGRES_URL is not set');
    dbName = `gatehouse_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${dbName}`);
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    databaseUrl = url.href;
  }
  const env = (): Record<string, string> => ({
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_MASTER_KEY: masterKey,
    GATEHOUSE_LOG_LEVEL: 'silent',
    GATEHOUSE_CHANGE_POLL_MS: '50',
    ...(databaseUrl ? { GATEHOUSE_DATABASE_URL: databaseUrl } : {}),
  });
  return {
    name,
    dataDir,
    databaseUrl,
    masterKey,
    env,
    config: (extra = {}) => loadConfig({ port: '0' }, { ...env(), ...extra }),
    async cleanup() {
      if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SIGNING_ALGS } from '@gatehouse/schemas';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import {
  DIST_SRC,
  killAll,
  lastJsonLine,
  openRaw,
  runModule,
  type ScriptResult,
  tableNames,
} from './helpers.js';

const SCHEMA_TABLES = [
  'access_keys',
  'access_requests',
  'audit_events',
  'changes',
  'client_permissions',
  'client_roles',
  'client_secrets',
  'clients',
  'deleted_clients',
  'pool_app_clients',
  'pool_auth_codes',
  'pool_group_members',
  'pool_groups',
  'pool_refresh_families',
  'pool_refresh_family_tokens',
  'pool_refresh_legacy_tokens',
  'pool_sessions',
  'pool_srp_spent',
  'pool_user_codes',
  'pool_users',
  'resource_servers',
  'revoked_tokens',
  'role_scopes',
  'roles',
  'schema_migrations',
  'scope_usage',
  'scopes',
  'seen_signatures',
  'sessions',
  'settings',
  'sign_in_attempts',
  'signing_keys',
  'sso_logins',
  'team_invitations',
  'team_members',
  'teams',
  'token_hooks',
  'usage_daily',
  'used_assertions',
  'user_pools',
  'users',
];
const VERSIONS = MIGRATIONS.map((m) => m.version);
const NEWEST = VERSIONS.at(-1) ?? 0;

/** Child processes wait for a shared instant, so they really do open the store together. */
const TOGETHER = `
const startAt = Number(process.env.START_AT);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
`;

const OPEN_STORE_CHILD = `
const { openStore } = await import(new URL('store/open.js', process.env.DIST_SRC).href);
${TOGETHER}
const db = await openStore({ dataDir: process.env.GATEHOUSE_DATA_DIR, databaseUrl: process.env.GATEHOUSE_DATABASE_URL || undefined });
const rows = await db.all('SELECT version FROM schema_migrations ORDER BY version');
await db.close();
console.log(JSON.stringify({ versions: rows.map((r) => Number(r.version)) }));
`;

const OPEN_GATEHOUSE_CHILD = `
const { openGatehouse } = await import(new URL('services/gatehouse.js', process.env.DIST_SRC).href);
const { loadConfig } = await import(new URL('config.js', process.env.DIST_SRC).href);
${TOGETHER}
const gatehouse = await openGatehouse(loadConfig({}, process.env));
const keys = await gatehouse.keys.list();
await gatehouse.close();
console.log(JSON.stringify({ kids: keys.filter((k) => k.state === 'active').map((k) => k.kid).sort() }));
`;

function startTogether(backend: TestBackend, source: string, count: number): Promise<ScriptResult[]> {
  const env = { ...backend.env(), DIST_SRC: DIST_SRC.href, START_AT: String(Date.now() + 700) };
  return Promise.all(Array.from({ length: count }, () => runModule(source, env)));
}

function assertExitedCleanly(results: ScriptResult[]): void {
  results.forEach((r, i) => {
    assert.equal(r.timedOut, false, `process ${i} hung; stderr: ${r.stderr}`);
    assert.equal(r.code, 0, `process ${i} failed; stderr: ${r.stderr}`);
  });
}

for (const name of backendNames()) {
  describe(`migrations (${name})`, () => {
    const backends: TestBackend[] = [];
    const fresh = async () => {
      const backend = await createBackend(name);
      backends.push(backend);
      return backend;
    };
    after(async () => {
      killAll();
      for (const backend of backends) await backend.cleanup();
    });

    test('openStore migrates a fresh store: every table, and every version recorded', async () => {
      const backend = await fresh();
      const db = await openStore(backend);
      try {
        assert.deepEqual(await tableNames(db), SCHEMA_TABLES);
        const rows = await db.all<{ version: number; name: string; applied_at: number }>(
          'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
        );
        assert.deepEqual(
          rows.map((r) => ({ version: r.version, name: r.name })),
          MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
        );
        for (const row of rows) {
          assert.equal(typeof row.applied_at, 'number');
          assert.ok(Math.abs(row.applied_at - Date.now()) < 60_000, 'applied_at is a recent epoch-ms time');
        }
      } finally {
        await db.close();
      }
    });

    test('migrate reports what it applied, and applies nothing the second time', async () => {
      const backend = await fresh();
      const db = openRaw(backend);
      try {
        assert.deepEqual(await migrate(db), { applied: VERSIONS });
        assert.deepEqual(await migrate(db), { applied: [] });
      } finally {
        await db.close();
      }
      // A later start on the migrated store: nothing applied, nothing duplicated, data kept.
      const again = await openStore(backend);
      try {
        await again.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['marker', 'kept']);
        assert.deepEqual(await migrate(again), { applied: [] });
        const count = await again.get<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
        assert.equal(count?.n, VERSIONS.length);
        const marker = await again.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [
          'marker',
        ]);
        assert.equal(marker?.value, 'kept');
      } finally {
        await again.close();
      }
    });

    test('a store whose schema is newer than the code is refused with a clear message', async () => {
      const backend = await fresh();
      const db = await openStore(backend);
      try {
        await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          NEWEST + 1,
          'from the future',
          Date.now(),
        ]);
      } finally {
        await db.close();
      }
      await assert.rejects(openStore(backend), (error: Error) => {
        assert.match(error.message, new RegExp(`schema is version ${NEWEST + 1}`));
        assert.match(error.message, new RegExp(`newer than this Gatehouse knows \\(${NEWEST}\\)`));
        assert.match(error.message, /upgrade Gatehouse/);
        return true;
      });
      // Refusing touched nothing: the future version is still recorded, and no table went missing.
      const raw = openRaw(backend);
      try {
        const newest = await raw.get<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations');
        assert.equal(newest?.v, NEWEST + 1);
        assert.deepEqual(await tableNames(raw), SCHEMA_TABLES);
      } finally {
        await raw.close();
      }
    });

    test('processes migrating one fresh store at once all succeed, with one set of tables', async () => {
      const backend = await fresh();
      const results = await startTogether(backend, OPEN_STORE_CHILD, 3);
      assertExitedCleanly(results);
      for (const r of results) assert.deepEqual(lastJsonLine(r.stdout), { versions: VERSIONS });
      const db = openRaw(backend);
      try {
        assert.deepEqual(await tableNames(db), SCHEMA_TABLES);
        const rows = await db.all<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        assert.deepEqual(
          rows.map((r) => r.version),
          VERSIONS,
        );
      } finally {
        await db.close();
      }
    });

    test('instances starting together on a fresh store agree on one signing key per algorithm', async () => {
      const backend = await fresh();
      const results = await startTogether(backend, OPEN_GATEHOUSE_CHILD, 3);
      assertExitedCleanly(results);
      const seen = results.map((r) => lastJsonLine<{ kids: string[] }>(r.stdout).kids);
      for (const kids of seen) {
        assert.equal(kids.length, SIGNING_ALGS.length);
        assert.deepEqual(kids, seen[0], 'every instance sees the same active keys');
      }
      const db = openRaw(backend);
      try {
        const keys = await db.all<{ alg: string; state: string }>('SELECT alg, state FROM signing_keys');
        assert.equal(keys.length, SIGNING_ALGS.length, 'no instance left a second key behind');
        const builtIn = await db.all('SELECT id FROM resource_servers WHERE built_in = 1');
        assert.equal(builtIn.length, 1, 'one built-in resource server');
        const checks = await db.all("SELECT value FROM settings WHERE key = 'master_key_check'");
        assert.equal(checks.length, 1);
      } finally {
        await db.close();
      }
    });
  });
}

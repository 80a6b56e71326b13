// Safe stores: only `init` and `serve` make a store, so a mistyped --data or database URL is an
// error that says where the command looked, instead of a fresh store that looks like data loss.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { CliOutput } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, ok, runCli, runInProcess } from './helpers.js';

async function hasSchemaTable(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS t",
    );
    return typeof rows[0]?.t === 'string';
  } finally {
    await client.end();
  }
}

for (const name of backendNames()) {
  describe(`safe stores (${name})`, () => {
    let backend: TestBackend;
    /** Where this backend's store is, in the words the CLI uses. */
    let where: string;
    before(async () => {
      backend = await createBackend(name);
      where = backend.databaseUrl
        ? `PostgreSQL ${new URL(backend.databaseUrl).host}${new URL(backend.databaseUrl).pathname}`
        : `SQLite ${join(backend.dataDir, 'gatehouse.db')}`;
    });
    after(() => backend.cleanup());

    test('a command finds no store: exit 1, where it looked and how to make one, and nothing is created', async () => {
      const env = backend.env();
      const result = await runCli(['clients', 'list'], env);
      assert.equal(result.code, 1, result.stderr);
      assert.ok(result.stderr.includes(`error: no Gatehouse store at ${where}`), result.stderr);
      assert.ok(result.stderr.includes('gatehouse init'), result.stderr);
      assert.ok(result.stderr.includes('gatehouse serve'), result.stderr);
      assert.doesNotMatch(result.stdout, /No clients yet/);
      assertNoStack(result);
      const json = await runCli(['teams', 'list', '--json'], env);
      assert.equal(json.code, 1);
      assert.equal(json.json<CliOutput<'error'>>().error, 'store_missing');
      assert.equal(existsSync(join(backend.dataDir, 'gatehouse.db')), false);
      assert.equal(existsSync(join(backend.dataDir, 'master.key')), false);
      if (backend.databaseUrl) assert.equal(await hasSchemaTable(backend.databaseUrl), false);
    });

    test('init makes the store, says what it made, and then every command works', async () => {
      const made = await ok<CliOutput<'init'>>(runCli(['init', '--json'], backend.env()));
      assert.equal(made.store, where);
      assert.deepEqual(made.signingKeys.map((k) => k.alg).sort(), ['ES256', 'EdDSA', 'RS256']);
      if (backend.databaseUrl) assert.equal(await hasSchemaTable(backend.databaseUrl), true);
      else assert.ok(existsSync(join(backend.dataDir, 'gatehouse.db')));
      const listed = await runCli(['clients', 'list'], backend.env());
      assert.equal(listed.code, 0, listed.stderr);
    });

    test('init refuses a store that is already there and changes nothing', async () => {
      const keys = await ok<CliOutput<'keys'>>(runCli(['keys', 'list', '--json'], backend.env()));
      const again = await runCli(['init'], backend.env());
      assert.equal(again.code, 1);
      assert.ok(again.stderr.includes(`a Gatehouse store already exists at ${where}`), again.stderr);
      assertNoStack(again);
      const json = await runCli(['init', '--json'], backend.env());
      assert.equal(json.json<CliOutput<'error'>>().error, 'store_exists');
      assert.deepEqual(await ok<CliOutput<'keys'>>(runCli(['keys', 'list', '--json'], backend.env())), keys);
    });
  });
}

describe('safe stores: the embedded store and its master key file', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await createBackend('sqlite');
  });
  after(() => backend.cleanup());

  test('a relative --data that names nothing is reported as the absolute path, and no directory appears', async () => {
    const typo = join('gatehouse-no-such-dir', 'data');
    const result = await runInProcess(['resource-servers', 'list', '--data', typo]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(`SQLite ${join(resolve(typo), 'gatehouse.db')}`), result.stderr);
    assert.equal(existsSync('gatehouse-no-such-dir'), false);
  });

  test('without GATEHOUSE_MASTER_KEY, init writes the development key file and names it; a second init keeps it', async () => {
    const dataDir = join(backend.dataDir, 'dev');
    const made = await ok<CliOutput<'init'>>(runCli(['init', '--json', '--data', dataDir], {}));
    const keyFile = join(dataDir, 'master.key');
    assert.deepEqual(made.masterKey, { source: 'file', path: keyFile, created: true });
    const key = readFileSync(keyFile, 'utf8');
    const again = await runCli(['init', '--data', dataDir], {});
    assert.equal(again.code, 1);
    assert.equal(readFileSync(keyFile, 'utf8'), key);
    const listed = await runCli(['clients', 'list', '--data', dataDir], {});
    assert.equal(listed.code, 0, listed.stderr);
  });

  test('a mistyped --data beside a real store makes no master key file either', async () => {
    const dataDir = join(backend.dataDir, 'mistyped');
    const result = await runCli(['clients', 'list', '--data', dataDir], {});
    assert.equal(result.code, 1);
    assert.equal(existsSync(dataDir), false, 'no data directory was made');
  });
});

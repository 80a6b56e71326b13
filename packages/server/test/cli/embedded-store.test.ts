// The embedded store on disk: who may read it, and what happens when its master key goes missing.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SQLITE_FILE } from '../../src/store/open.js';
import { assertNoStack, runCli } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-embedded-store-'));
after(() => rmSync(root, { recursive: true, force: true }));

const posix = process.platform !== 'win32';
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the embedded store on disk', () => {
  test('init makes a brand-new store with a master key; the data directory is 0700, the database and its -wal and -shm 0600', async () => {
    const dataDir = join(root, 'fresh', 'nested');
    const result = await runCli(['init', '--json'], { GATEHOUSE_DATA_DIR: dataDir });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(dataDir, 'master.key')));
    if (!posix) return;
    assert.equal(mode(dataDir), '700');
    assert.equal(mode(join(root, 'fresh')), '700');
    const files = readdirSync(dataDir).filter((name) => name.startsWith(SQLITE_FILE));
    assert.ok(files.includes(SQLITE_FILE), files.join(', '));
    for (const name of files) assert.equal(mode(join(dataDir, name)), '600', name);
  });

  test(
    'a server that keeps the store open has its -wal and -shm files 0600 too',
    { skip: !posix },
    async () => {
      const dataDir = join(root, 'open');
      const { openStore } = await import('../../src/store/open.js');
      const db = await openStore({ dataDir });
      try {
        await db.run('CREATE TABLE IF NOT EXISTS probe (x INTEGER)');
        await db.run('INSERT INTO probe (x) VALUES (1)');
        for (const suffix of ['', '-wal', '-shm']) {
          const path = join(dataDir, `${SQLITE_FILE}${suffix}`);
          assert.ok(existsSync(path), path);
          assert.equal(mode(path), '600', path);
        }
      } finally {
        await db.close();
      }
    },
  );

  test('a missing master.key beside an existing store is an error naming the file and the fix, and no new key is written', async () => {
    const dataDir = join(root, 'lost-key');
    const env = { GATEHOUSE_DATA_DIR: dataDir };
    assert.equal((await runCli(['init', '--json'], env)).code, 0);
    const keyFile = join(dataDir, 'master.key');
    unlinkSync(keyFile);
    const result = await runCli(['clients', 'list'], env);
    assert.equal(result.code, 1, result.stderr);
    assert.ok(result.stderr.includes(`${keyFile} is missing`), result.stderr);
    assert.ok(result.stderr.includes(join(dataDir, SQLITE_FILE)), result.stderr);
    assert.ok(result.stderr.includes('GATEHOUSE_MASTER_KEY'), result.stderr);
    assertNoStack(result);
    assert.equal(existsSync(keyFile), false, 'no new key was written beside the old store');
    const json = await runCli(['clients', 'list', '--json'], env);
    assert.equal(json.json<{ error: string }>().error, 'master_key_error');
  });
});

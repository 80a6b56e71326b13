import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  generateMasterKey,
  loadOrCreateMasterKeyFile,
  MasterKeyError,
  parseMasterKey,
} from '../../src/crypto/master-key.js';

const posix = process.platform !== 'win32';
const root = mkdtempSync(join(tmpdir(), 'gatehouse-master-key-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('parseMasterKey', () => {
  const bytes = randomBytes(32);

  test('accepts base64, base64url and hex, with surrounding whitespace', () => {
    assert.deepEqual(parseMasterKey(bytes.toString('base64')), bytes);
    assert.deepEqual(parseMasterKey(bytes.toString('base64url')), bytes);
    assert.deepEqual(parseMasterKey(bytes.toString('hex')), bytes);
    assert.deepEqual(parseMasterKey(bytes.toString('hex').toUpperCase()), bytes);
    assert.deepEqual(parseMasterKey(`  ${bytes.toString('base64')}\n`), bytes);
  });

  test('generateMasterKey output parses to 32 bytes', () => {
    assert.equal(parseMasterKey(generateMasterKey()).length, 32);
  });

  for (const [name, value] of [
    ['empty', ''],
    ['16 bytes of base64', randomBytes(16).toString('base64')],
    ['31 bytes of hex', randomBytes(31).toString('hex')],
    ['33 bytes of base64', randomBytes(33).toString('base64')],
    ['not an encoding', '!'.repeat(44)],
  ]) {
    test(`rejects ${name}, says how to make a key, and does not echo the value`, () => {
      assert.throws(
        () => parseMasterKey(value ?? ''),
        (err: unknown) =>
          err instanceof MasterKeyError &&
          err.message.includes('openssl rand -base64 32') &&
          err.message.includes('gatehouse master-key generate') &&
          (value === '' || !err.message.includes(value ?? '')),
      );
    });
  }
});

describe('loadOrCreateMasterKeyFile', () => {
  test('creates the directory and a 0600 file, then returns the same key', () => {
    const dir = join(root, 'new', 'nested');
    const first = loadOrCreateMasterKeyFile(dir);
    assert.equal(first.created, true);
    assert.equal(first.path, join(dir, 'master.key'));
    assert.equal(first.key.length, 32);
    assert.match(readFileSync(first.path, 'utf8'), /^[A-Za-z0-9+/]{43}=\n$/);
    if (posix) {
      assert.equal(statSync(first.path).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
    }
    assert.deepEqual(readdirSync(dir), ['master.key']);

    const second = loadOrCreateMasterKeyFile(dir);
    assert.equal(second.created, false);
    assert.deepEqual(second.key, first.key);
  });

  test('reads an existing key file written by someone else', () => {
    const dir = join(root, 'existing');
    const key = randomBytes(32);
    loadOrCreateMasterKeyFile(dir);
    writeFileSync(join(dir, 'master.key'), `${key.toString('hex')}\n`, { mode: 0o600 });
    assert.deepEqual(loadOrCreateMasterKeyFile(dir).key, key);
  });

  test('refuses a file readable by group or others, and says chmod 600', { skip: !posix }, () => {
    const dir = join(root, 'loose');
    const { path } = loadOrCreateMasterKeyFile(dir);
    chmodSync(path, 0o644);
    assert.throws(
      () => loadOrCreateMasterKeyFile(dir),
      (err: unknown) => err instanceof MasterKeyError && err.message.includes(`chmod 600 ${path}`),
    );
    chmodSync(path, 0o600);
    assert.equal(loadOrCreateMasterKeyFile(dir).created, false);
  });

  test('refuses a corrupt key file, naming the path', () => {
    const dir = join(root, 'corrupt');
    const { path } = loadOrCreateMasterKeyFile(dir);
    writeFileSync(path, 'short\n');
    assert.throws(
      () => loadOrCreateMasterKeyFile(dir),
      (err: unknown) => err instanceof MasterKeyError && err.message.startsWith(`${path}:`),
    );
  });

  test('racing first starts agree on one key', async () => {
    const dir = join(root, 'race');
    const { spawn } = await import('node:child_process');
    const moduleUrl = new URL('../../src/crypto/master-key.js', import.meta.url).href;
    const script = `import(${JSON.stringify(moduleUrl)}).then((m) => {
      const r = m.loadOrCreateMasterKeyFile(${JSON.stringify(dir)});
      process.stdout.write(JSON.stringify({ key: r.key.toString('hex'), created: r.created }));
    });`;
    const run = () =>
      new Promise<{ key: string; created: boolean }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`)),
        );
      });
    const results = await Promise.all(Array.from({ length: 6 }, run));
    assert.equal(new Set(results.map((r) => r.key)).size, 1);
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.deepEqual(readdirSync(dir), ['master.key']);
  });
});

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, type CliResult, cliFor, ok, runInProcess } from './helpers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-pools-usage-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
const inProcess = (...args: string[]) => runInProcess(args, { GATEHOUSE_DATA_DIR: dataDir });

function assertFails(result: CliResult, code: number, message: string | RegExp): void {
  assert.equal(result.code, code, `exit code\n${result.stderr}`);
  if (typeof message === 'string') assert.ok(result.stderr.includes(`error: ${message}`), result.stderr);
  else assert.match(result.stderr, message);
  assertNoStack(result);
}

describe('gatehouse user-pools help', { concurrency: true }, () => {
  test('the root help lists user-pools; its help lists every command, nested ones included', async () => {
    assert.match((await inProcess('--help')).stdout, /^ {2}user-pools\s+\S/m);
    const help = await inProcess('user-pools', '--help');
    assert.equal(help.code, 0);
    for (const command of [
      'create',
      'list',
      'show',
      'update',
      'delete',
      'clients create',
      'clients list',
      'clients show',
      'clients rotate-secret',
      'clients delete',
      'users create',
      'users confirm',
      'users list',
      'users show',
      'users disable',
      'users enable',
      'users delete',
      'users set-password',
      'users sign-out',
      'users sessions',
      'users revoke-session',
      'groups create',
      'groups list',
      'groups delete',
      'groups add-user',
      'groups remove-user',
    ]) {
      assert.match(help.stdout, new RegExp(`^ {2}${command}\\s+\\S`, 'm'), command);
    }
  });

  test('every command has help with its usage, flags and an example', async () => {
    const commands = [
      ['create'],
      ['list'],
      ['show'],
      ['update'],
      ['delete'],
      ['clients', 'create'],
      ['clients', 'list'],
      ['clients', 'show'],
      ['clients', 'rotate-secret'],
      ['clients', 'delete'],
      ['users', 'create'],
      ['users', 'confirm'],
      ['users', 'list'],
      ['users', 'show'],
      ['users', 'disable'],
      ['users', 'enable'],
      ['users', 'delete'],
      ['users', 'set-password'],
      ['users', 'sign-out'],
      ['users', 'sessions'],
      ['users', 'revoke-session'],
      ['groups', 'create'],
      ['groups', 'list'],
      ['groups', 'delete'],
      ['groups', 'add-user'],
      ['groups', 'remove-user'],
    ];
    for (const words of commands) {
      const help = await inProcess('user-pools', ...words, '--help');
      assert.equal(help.code, 0, words.join(' '));
      assert.ok(help.stdout.startsWith(`Usage: gatehouse user-pools ${words.join(' ')}`), help.stdout);
      assert.match(help.stdout, /\nExamples:\n {2}gatehouse user-pools /, words.join(' '));
    }
    const create = (await inProcess('user-pools', 'create', '-h')).stdout;
    for (const flag of [
      '--name NAME',
      '--team TEAM',
      '--self-sign-up',
      '--auto-confirm',
      '--min-password-length N',
      '--sign-in-with',
    ]) {
      assert.ok(create.includes(flag), flag);
    }
    const confirm = (await inProcess('user-pools', 'users', 'confirm', '-h')).stdout;
    assert.ok(
      confirm.startsWith('Usage: gatehouse user-pools users confirm [USERNAME] --pool POOL [flags]'),
      confirm,
    );
  });
});

describe(
  'gatehouse user-pools command-line mistakes (exit 2, no store needed)',
  { concurrency: true },
  () => {
    test('missing --pool, --name, --redirect-uri or the user', async () => {
      assertFails(await inProcess('user-pools', 'users', 'list'), 2, 'missing required flag --pool POOL');
      assertFails(await inProcess('user-pools', 'create'), 2, 'missing required flag --name NAME');
      assertFails(
        await inProcess('user-pools', 'clients', 'create', '--pool', 'local_AbC123xyz', '--name', 'web'),
        2,
        'missing required flag --redirect-uri URL',
      );
      assertFails(
        await inProcess('user-pools', 'users', 'confirm', '--pool', 'local_AbC123xyz'),
        2,
        'missing argument USERNAME (or --username)',
      );
      assertFails(
        await inProcess(
          'user-pools',
          'users',
          'show',
          '--pool',
          'local_AbC123xyz',
          'kim',
          '--username',
          'lee',
        ),
        2,
        'USERNAME "kim" and --username "lee" name different values; give one',
      );
      assertFails(
        await inProcess('user-pools', 'groups', 'add-user', '--pool', 'local_AbC123xyz', 'admins'),
        2,
        'missing argument USERNAME (or --username)',
      );
    });

    test('bad flag values name the flag', async () => {
      assertFails(
        await inProcess('user-pools', 'create', '--name', 'x', '--min-password-length', 'ten'),
        2,
        '--min-password-length must be a whole number of characters, got "ten"',
      );
      assertFails(
        await inProcess('user-pools', 'create', '--name', 'x', '--sign-in-with', 'phone'),
        2,
        '--sign-in-with must be one of username, email, got "phone"',
      );
      assertFails(
        await inProcess('user-pools', 'create', '--name', 'x', '--self-signup'),
        2,
        /unknown flag --self-signup \(did you mean --self-sign-up\?\)/,
      );
      assertFails(
        await inProcess('user-pools', 'user', 'list'),
        2,
        /unknown command "user" for gatehouse user-pools \(did you mean "users"\?\)/,
      );
      const usage = await inProcess(
        'user-pools',
        'users',
        'set-password',
        '--pool',
        'local_AbC123xyz',
        'kim',
        '--json',
      );
      assert.equal(usage.code, 2);
      assert.deepEqual(usage.json(), {
        error: 'usage',
        message: 'a password is needed: --password, --password-stdin or GATEHOUSE_NEW_PASSWORD',
      });
    });
  },
);

describe('gatehouse user-pools refusals (exit 1)', () => {
  let backend: TestBackend;
  let gatehouse: ReturnType<typeof cliFor>;
  let poolId: string;
  before(async () => {
    backend = await createBackend('sqlite');
    gatehouse = cliFor(backend);
    poolId = (await ok<CliOutput<'userPool'>>(gatehouse('user-pools', 'create', '--name', 'P', '--json'))).id;
  });
  after(() => backend.cleanup());

  test('an unknown pool, user or client is not_found, in words and in JSON', async () => {
    assertFails(
      await gatehouse('user-pools', 'users', 'list', '--pool', 'local_Nope12345'),
      1,
      'no user pool "local_Nope12345"',
    );
    assertFails(
      await gatehouse('user-pools', 'users', 'show', '--pool', poolId, 'ghost'),
      1,
      `user pool "${poolId}" has no user "ghost"`,
    );
    const json = await gatehouse('user-pools', 'clients', 'show', '--pool', poolId, 'nope', '--json');
    assert.equal(json.code, 1);
    assert.equal(json.json<CliOutput<'error'>>().error, 'not_found');
  });

  test("the service's rules come back in the flags' words", async () => {
    assertFails(
      await gatehouse('user-pools', 'create', '--name', 'x', '--min-password-length', '4'),
      1,
      '--min-password-length: must be at least 6',
    );
    assertFails(
      await gatehouse('user-pools', 'create', '--name', 'x', '--access-token-ttl', '60'),
      1,
      '--access-token-ttl: must be at least 300 seconds',
    );
    assertFails(
      await gatehouse(
        'user-pools',
        'clients',
        'create',
        '--pool',
        poolId,
        '--name',
        'w',
        '--redirect-uri',
        'http://app.example.com/cb',
      ),
      1,
      /error: --redirect-uri "http:\/\/app\.example\.com\/cb": must use https/,
    );
    assertFails(
      await gatehouse(
        'user-pools',
        'users',
        'create',
        '--pool',
        poolId,
        '--username',
        'kim',
        '--password',
        'abc',
      ),
      1,
      '--password: must be at least 12 characters',
    );
    const weak = await gatehouse(
      ...['user-pools', 'users', 'create', '--pool', poolId, '--username', 'kim', '--email', 'k@example.com'],
      ...['--password', 'password1234', '--json'],
    );
    assert.equal(weak.code, 1);
    assert.ok(
      !weak.stdout.includes('password1234') && !weak.stderr.includes('password1234'),
      'password echoed',
    );
  });
});

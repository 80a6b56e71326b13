// Help, version and command-line mistakes: none of these needs (or may touch) a store.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { command, group } from '../../src/cli/command.js';
import { run } from '../../src/cli/dispatch.js';
import { parseMasterKey } from '../../src/crypto/master-key.js';
import { assertNoStack, type CliResult, runCli, runInProcess } from './helpers.js';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-usage-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));
/** The real command in a child process: exit codes and output as a shell sees them. */
const gatehouse = (...args: string[]) => runCli(args, { GATEHOUSE_DATA_DIR: dataDir });
/** The same dispatcher in this process, for the many mistakes that need no store. */
const inProcess = (...args: string[]) => runInProcess(args, { GATEHOUSE_DATA_DIR: dataDir });

function assertUsageError(result: CliResult, message: string | RegExp, hint: string): void {
  assert.equal(result.code, 2, `exit code\n${result.stderr}`);
  if (typeof message === 'string') assert.ok(result.stderr.includes(`error: ${message}`), result.stderr);
  else assert.match(result.stderr, message);
  assert.ok(result.stderr.includes(`hint: run ${hint} --help`), result.stderr);
  assert.equal(result.stdout, '');
  assertNoStack(result);
}

describe('gatehouse help and version', { concurrency: true }, () => {
  test('--help lists every command group, the global flags and the settings', async () => {
    const result = await gatehouse('--help');
    assert.equal(result.code, 0);
    for (const word of ['serve', 'resource-servers', 'clients', 'keys', 'master-key']) {
      assert.match(result.stdout, new RegExp(`^  ${word}\\s+\\S`, 'm'), word);
    }
    for (const flag of ['--data DIR', '--database-url URL', '--json', '-h, --help', '--version']) {
      assert.ok(result.stdout.includes(flag), flag);
    }
    assert.ok(result.stdout.includes('GATEHOUSE_MASTER_KEY'));
    assert.ok(result.stdout.includes('gatehouse clients create --name checkout'));
  });

  test('no arguments prints the same help', async () => {
    const [bare, help] = await Promise.all([gatehouse(), inProcess('-h')]);
    assert.equal(bare.code, 0);
    assert.equal(bare.stdout, help.stdout);
  });

  test('group help lists its commands, nested ones included', async () => {
    const result = await inProcess('resource-servers', '--help');
    assert.equal(result.code, 0);
    assert.ok(result.stdout.startsWith('Usage: gatehouse resource-servers <command>'));
    for (const command of ['create', 'list', 'show', 'delete', 'scopes add', 'scopes remove']) {
      assert.match(result.stdout, new RegExp(`^  ${command}\\s+\\S`, 'm'), command);
    }
    const clients = await inProcess('clients', '-h');
    for (const command of [
      'permissions add',
      'permissions remove',
      'secrets add',
      'secrets list',
      'secrets revoke',
    ]) {
      assert.match(clients.stdout, new RegExp(`^  ${command}\\s+\\S`, 'm'), command);
    }
    // The previous release's names still run, but help no longer offers them.
    for (const hidden of ['grant', 'revoke-grant']) {
      assert.doesNotMatch(clients.stdout, new RegExp(`^  ${hidden}\\s`, 'm'), hidden);
    }
  });

  test('command help shows usage, flags and examples, wherever --help sits', async () => {
    const result = await inProcess('clients', 'create', '--help');
    assert.equal(result.code, 0);
    assert.ok(result.stdout.startsWith('Usage: gatehouse clients create --name NAME [flags]'), result.stdout);
    for (const flag of [
      '--scope IDENTIFIER/SCOPE',
      '--auth-method METHOD',
      '--jwks FILE',
      '--token-ttl SECONDS',
    ]) {
      assert.ok(result.stdout.includes(flag), flag);
    }
    assert.match(result.stdout, /Examples:\n {2}gatehouse clients create/);
    const early = await inProcess('--help', 'clients', 'secrets', 'add');
    assert.ok(early.stdout.startsWith('Usage: gatehouse clients secrets add ID [flags]'), early.stdout);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const result = await gatehouse('--version');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `gatehouse ${pkg.version}\n`);
    assert.deepEqual((await inProcess('--version', '--json')).json(), { version: pkg.version });
  });

  test('master-key generate prints a usable key and how to set it', async () => {
    const result = await gatehouse('master-key', 'generate');
    assert.equal(result.code, 0);
    const key = result.stdout.split('\n')[0] ?? '';
    assert.equal(parseMasterKey(key).length, 32);
    assert.ok(result.stdout.includes(`export GATEHOUSE_MASTER_KEY='${key}'`));
    const json = (await inProcess('master-key', 'generate', '--json')).json<{ master_key: string }>();
    assert.equal(parseMasterKey(json.master_key).length, 32);
    assert.notEqual(json.master_key, key);
  });
});

describe(
  'gatehouse command-line mistakes exit 2 with the error and a pointer to help',
  {
    concurrency: true,
  },
  () => {
    test('unknown command, with a suggestion', async () => {
      assertUsageError(
        await gatehouse('clints', 'list'),
        'unknown command "clints" for gatehouse (did you mean "clients"?)',
        'gatehouse',
      );
      assertUsageError(
        await inProcess('clients', 'frobnicate'),
        'unknown command "frobnicate" for gatehouse clients',
        'gatehouse clients',
      );
    });

    test('a group without a command', async () => {
      assertUsageError(
        await inProcess('keys'),
        'gatehouse keys needs a command: list, rotate',
        'gatehouse keys',
      );
    });

    test('missing required flag, named', async () => {
      const result = await gatehouse('resource-servers', 'create', '--name', 'Orders');
      assertUsageError(result, 'missing required flag --identifier ID', 'gatehouse resource-servers create');
      assert.equal(existsSync(join(dataDir, 'gatehouse.db')), false, 'no store is opened for a usage error');
    });

    test('unknown flag, with a suggestion', async () => {
      assertUsageError(
        await inProcess('clients', 'create', '--nme', 'x'),
        'unknown flag --nme (did you mean --name?)',
        'gatehouse clients create',
      );
    });

    test('a value starting with "-" is read as a flag, and the error says how to pass it', async () => {
      assertUsageError(
        await inProcess(
          'user-pools',
          'users',
          'revoke-session',
          '--pool',
          'local_AbC123xyz',
          'kim',
          '-5qXbase64url',
        ),
        'unknown flag -5 (to pass a value that starts with "-", put it after --)',
        'gatehouse user-pools users revoke-session',
      );
    });

    test('flag without its value, repeated flag, boolean with a value', async () => {
      assertUsageError(
        await inProcess('clients', 'create', '--name'),
        /error: --name needs a value/,
        'gatehouse clients create',
      );
      assertUsageError(
        await inProcess('clients', 'create', '--name', 'a', '--name', 'b'),
        '--name was given more than once',
        'gatehouse clients create',
      );
      assertUsageError(
        await inProcess('resource-servers', 'delete', 'x', '--force=yes'),
        '--force does not take a value',
        'gatehouse resource-servers delete',
      );
    });

    test('numbers must be whole numbers, choices must be known', async () => {
      for (const bad of ['abc', '1.5', '-60', '1e3']) {
        assertUsageError(
          await inProcess(
            'resource-servers',
            'create',
            '--identifier',
            'x',
            '--name',
            'X',
            `--token-ttl=${bad}`,
          ),
          `--token-ttl must be a whole number of seconds, got "${bad}"`,
          'gatehouse resource-servers create',
        );
      }
      assertUsageError(
        await inProcess('clients', 'secrets', 'add', 'abc', '--expires-in', 'soon'),
        '--expires-in must be a whole number of seconds, got "soon"',
        'gatehouse clients secrets add',
      );
      assertUsageError(
        await inProcess('resource-servers', 'create', '--identifier', 'x', '--name', 'X', '--alg', 'HS256'),
        '--alg must be one of ES256, RS256, EdDSA, got "HS256"',
        'gatehouse resource-servers create',
      );
      assertUsageError(
        await inProcess('keys', 'rotate', '--alg', 'es256'),
        '--alg must be one of ES256, RS256, EdDSA, all, got "es256"',
        'gatehouse keys rotate',
      );
    });

    test('missing and unexpected arguments', async () => {
      assertUsageError(await inProcess('clients', 'show'), 'missing argument ID', 'gatehouse clients show');
      assertUsageError(
        await inProcess('clients', 'permissions', 'add', 'abc'),
        'missing argument SCOPE (one or more)',
        'gatehouse clients permissions add',
      );
      assertUsageError(
        await inProcess('clients', 'grant', 'abc'),
        'missing argument SCOPE (one or more)',
        'gatehouse clients grant',
      );
      assertUsageError(
        await inProcess('clients', 'show', 'a', 'b'),
        'unexpected argument "b" after ID',
        'gatehouse clients show',
      );
      assertUsageError(
        await inProcess('keys', 'list', 'extra'),
        'unexpected argument "extra": this command takes none',
        'gatehouse keys list',
      );
    });

    test('with --json, a usage error is also a JSON document on stdout', async () => {
      const result = await gatehouse('clients', 'create', '--json');
      assert.equal(result.code, 2);
      assert.deepEqual(result.json(), { error: 'usage', message: 'missing required flag --name NAME' });
      assert.ok(result.stderr.includes('hint: run gatehouse clients create --help'));
    });
  },
);

describe(
  'gatehouse configuration and store errors exit 1 without a stack trace',
  {
    concurrency: true,
  },
  () => {
    test('a bad setting names the setting', async () => {
      const result = await gatehouse('clients', 'list', '--database-url', 'mysql://db/x');
      assert.equal(result.code, 1);
      assert.ok(
        result.stderr.includes('--database-url / GATEHOUSE_DATABASE_URL must start with postgres://'),
        result.stderr,
      );
      assertNoStack(result);
      const port = await inProcess('serve', '--port', '99999');
      assert.equal(port.code, 1);
      assert.ok(
        port.stderr.includes('error: --port must be a whole number from 0 to 65535, got "99999"'),
        port.stderr,
      );
    });

    test('PostgreSQL without a master key is refused with the way out', async () => {
      const result = await gatehouse(
        'clients',
        'list',
        '--database-url',
        'postgres://127.0.0.1:1/nowhere',
        '--json',
      );
      assert.equal(result.code, 1);
      assert.equal(result.json<{ error: string }>().error, 'config_error');
      assert.ok(result.stderr.includes('gatehouse master-key generate'), result.stderr);
    });

    test('an unreachable store says which, without its credentials', async () => {
      const result = await runCli(
        ['clients', 'list', '--database-url', 'postgres://admin:hunter2@127.0.0.1:1/nowhere'],
        {
          GATEHOUSE_MASTER_KEY: parseMasterKeyText(),
        },
      );
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^error: cannot open the store \(PostgreSQL 127\.0\.0\.1:1\/nowhere\): .*ECONNREFUSED/m,
      );
      assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
      assertNoStack(result);
    });
  },
);

describe('gatehouse unexpected failures', () => {
  const boom = command({
    name: 'boom',
    summary: 'fails the way a bug would',
    async run() {
      throw new TypeError('cannot read properties of undefined');
    },
  });
  const program = { version: '0.0.0', root: group({ name: 'gatehouse', summary: 'test', children: [boom] }) };
  async function runBoom(env: Record<string, string>, ...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await run(program, ['boom', ...args], {
      env,
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    return { code, stdout, stderr };
  }

  test('print a short message and exit 1; the stack only with GATEHOUSE_DEBUG=1', async () => {
    const plain = await runBoom({});
    assert.equal(plain.code, 1);
    assert.equal(
      plain.stderr,
      'error: unexpected failure: cannot read properties of undefined\n(set GATEHOUSE_DEBUG=1 to see the stack trace)\n',
    );
    const json = await runBoom({}, '--json');
    assert.deepEqual(JSON.parse(json.stdout), {
      error: 'internal_error',
      message: 'cannot read properties of undefined',
    });
    const debug = await runBoom({ GATEHOUSE_DEBUG: '1' });
    assert.match(debug.stderr, /^TypeError: cannot read properties of undefined\n\s+at /m);
  });
});

function parseMasterKeyText(): string {
  return Buffer.alloc(32, 7).toString('base64');
}

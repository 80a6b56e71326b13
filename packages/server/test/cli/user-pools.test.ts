import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { type OpenGatehouse, openGatehouse } from '../../src/services/gatehouse.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { CLI, type CliResult, cleanEnv, cliFor, ok } from './helpers.js';

// The path the README promises, through the real binary: a pool, an app, a person who can sign in.
const PASSWORD = 'plum-otter-quarry-47';
const ISSUER = 'https://id.example.com';

for (const name of backendNames()) {
  describe(`gatehouse user-pools (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let poolId: string;

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend, { GATEHOUSE_ISSUER: ISSUER });
    });
    after(() => backend.cleanup());

    /** The services on the same store, for what the CLI cannot do itself (sign-up, sign-in). */
    async function services<T>(fn: (g: OpenGatehouse) => Promise<T>): Promise<T> {
      const g = await openGatehouse(backend.config({ GATEHOUSE_ISSUER: ISSUER }));
      try {
        return await fn(g);
      } finally {
        await g.close();
      }
    }

    test('create --json has the id (Cognito shape), the issuer and the settings the flags set', async () => {
      const pool = await ok<CliOutput<'userPool'>>(
        gatehouse(
          ...['user-pools', 'create', '--name', 'Shop customers', '--self-sign-up', '--auto-confirm'],
          ...['--min-password-length', '8', '--sign-in-with', 'email', '--access-token-ttl', '900'],
          ...['--display-name', 'LJ Health Food', '--primary-color', '#2e7d32', '--json'],
        ),
      );
      assert.match(pool.id, /^local_[A-Za-z0-9]{9}$/);
      assert.equal(pool.issuer, `${ISSUER}/pools/${pool.id}`);
      assert.equal(pool.name, 'Shop customers');
      assert.equal(pool.teamId, null);
      const s = pool.settings;
      assert.deepEqual(
        [s.selfSignUp, s.autoConfirm, s.signInWith, s.passwordPolicy.minLength, s.tokens.accessTokenSeconds],
        [true, true, 'email', 8, 900],
      );
      assert.equal(s.tokens.idTokenSeconds, 3600, 'what no flag names keeps its default');
      assert.deepEqual(s.branding, { displayName: 'LJ Health Food', primaryColor: '#2e7d32' });
      poolId = pool.id;
    });

    test('the acceptance path: clients create, users create --password, users confirm, list, show', async () => {
      const client = await ok<CliOutput<'appClientCreated'>>(
        gatehouse(
          ...['user-pools', 'clients', 'create', '--pool', poolId, '--name', 'web'],
          ...[
            '--redirect-uri',
            'https://app.example.com/callback',
            '--redirect-uri',
            'http://localhost:3000/cb',
          ],
          ...['--logout-uri', 'https://app.example.com/', '--json'],
        ),
      );
      assert.match(client.clientId, /^[a-z0-9]{26}$/);
      assert.match(client.clientSecret ?? '', /^[A-Za-z0-9_-]{64}$/);
      assert.equal(client.public, false);
      assert.equal(client.authMethod, 'client_secret_basic');
      assert.deepEqual(client.redirectUris, ['https://app.example.com/callback', 'http://localhost:3000/cb']);
      assert.deepEqual(client.scopes, ['openid', 'email', 'profile']);
      assert.equal(client.issuer, `${ISSUER}/pools/${poolId}`);
      const secret = client.clientSecret ?? '';
      assert.equal(
        await services(async (g) => (await g.appClients.authenticate(client.clientId, secret))?.clientId),
        client.clientId,
      );

      const created = await gatehouse(
        ...['user-pools', 'users', 'create', '--pool', poolId, '--username', 'kim'],
        ...['--email', 'kim@example.com', '--password', PASSWORD, '--json'],
      );
      assert.equal(created.code, 0, created.stderr);
      assert.ok(!created.stdout.includes(PASSWORD) && !created.stderr.includes(PASSWORD), 'password echoed');
      const kim = created.json<CliOutput<'poolUser'>>();
      assert.equal(kim.username, 'kim');
      assert.equal(kim.email, 'kim@example.com');

      const confirmed = await ok<CliOutput<'poolUser'>>(
        gatehouse('user-pools', 'users', 'confirm', '--pool', poolId, 'kim', '--json'),
      );
      assert.equal(confirmed.status, 'CONFIRMED');
      assert.equal(confirmed.sub, kim.sub);

      const listed = await ok<CliOutput<'poolUsers'>>(
        gatehouse('user-pools', 'users', 'list', '--pool', poolId, '--json'),
      );
      assert.deepEqual(
        listed.map((u) => [u.username, u.status, u.enabled]),
        [['kim', 'CONFIRMED', true]],
      );
      const shown = await ok<CliOutput<'poolUser'>>(
        gatehouse('user-pools', 'users', 'show', '--pool', poolId, 'KIM', '--json'),
      );
      assert.equal(shown.sub, kim.sub, 'usernames match without case');

      // The password the CLI set is the one that signs in.
      const signsIn = await services(async (g) => {
        const found = await g.poolUsers.findForSignIn(poolId, 'kim@example.com');
        return g.poolPasswords.verify(PASSWORD, found?.user?.password_hash ?? null);
      });
      assert.equal(signsIn, true);

      const pools = await ok<CliOutput<'userPools'>>(gatehouse('user-pools', 'list', '--json'));
      assert.deepEqual(
        pools.map((p) => p.id),
        [poolId],
      );
      const human = await gatehouse('user-pools', 'users', 'list', '--pool', poolId);
      assert.match(human.stdout, /^USERNAME\s+EMAIL\s+STATUS\s+ENABLED/m);
      assert.match(human.stdout, /^kim\s+kim@example\.com\s+CONFIRMED\s+yes/m);
    });

    test('confirm turns a signed-up UNCONFIRMED user CONFIRMED', async () => {
      const pool = await ok<CliOutput<'userPool'>>(
        gatehouse(
          'user-pools',
          'create',
          '--name',
          'Sign-up',
          '--self-sign-up',
          '--min-password-length',
          '8',
          '--json',
        ),
      );
      await services((g) =>
        g.poolUsers.signUp(
          pool.id,
          { username: 'lee', email: 'lee@example.com', password: PASSWORD },
          CLI_ACTOR,
        ),
      );
      const before = await ok<CliOutput<'poolUser'>>(
        gatehouse('user-pools', 'users', 'show', '--pool', pool.id, 'lee', '--json'),
      );
      assert.equal(before.status, 'UNCONFIRMED');
      const done = await gatehouse('user-pools', 'users', 'confirm', '--pool', pool.id, '--username', 'lee');
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stdout, /Confirmed user lee/);
      const after = await ok<CliOutput<'poolUser'>>(
        gatehouse('user-pools', 'users', 'show', '--pool', pool.id, 'lee', '--json'),
      );
      assert.equal(after.status, 'CONFIRMED');
    });

    test('--password-stdin reads the password from a pipe and never prints it', async () => {
      const secret = 'heron-quartz-lantern-61';
      const done = await withStdin(
        [
          'user-pools',
          'users',
          'create',
          '--pool',
          poolId,
          '--username',
          'ana',
          '--email',
          'ana@example.com',
        ],
        `${secret}\n`,
      );
      assert.equal(done.code, 0, done.stderr);
      assert.ok(!done.stdout.includes(secret) && !done.stderr.includes(secret));
      assert.match(done.stdout, /^Created user ana \(\S+\), CONFIRMED\.$/m);
      const signsIn = await services(async (g) => {
        const found = await g.poolUsers.findForSignIn(poolId, 'ana');
        return g.poolPasswords.verify(secret, found?.user?.password_hash ?? null);
      });
      assert.equal(signsIn, true, 'the newline is not part of the password');
      const empty = await withStdin(['user-pools', 'users', 'set-password', '--pool', poolId, 'ana'], '');
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /error: --password-stdin: stdin held no password/);
    });

    test('a pool and a client may be named by flag as well as by argument', async () => {
      const shown = await ok<CliOutput<'userPool'>>(
        gatehouse('user-pools', 'show', '--pool', poolId, '--json'),
      );
      assert.equal(shown.id, poolId);
      const [client] = await ok<CliOutput<'appClients'>>(
        gatehouse('user-pools', 'clients', 'list', '--pool', poolId, '--json'),
      );
      const byFlag = await ok<CliOutput<'appClient'>>(
        gatehouse(
          'user-pools',
          'clients',
          'show',
          '--pool',
          poolId,
          '--client-id',
          client?.clientId ?? '',
          '--json',
        ),
      );
      assert.equal(byFlag.clientId, client?.clientId);
      const neither = await gatehouse('user-pools', 'show');
      assert.equal(neither.code, 2);
      assert.match(neither.stderr, /error: missing argument POOL \(or --pool\)/);
    });

    /** The real binary with `input` on its stdin, as `printf … | gatehouse …` runs it. */
    function withStdin(args: string[], input: string): Promise<CliResult> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args, '--password-stdin'], {
          env: cleanEnv({ ...backend.env(), GATEHOUSE_ISSUER: ISSUER }),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) =>
          resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }),
        );
        child.stdin.end(input);
      });
    }

    test("the lab's pool: --allow-common-passwords and a short minimum take a password such as student", async () => {
      const strict = await ok<CliOutput<'userPool'>>(
        gatehouse('user-pools', 'create', '--name', 'Strict', '--min-password-length', '6', '--json'),
      );
      assert.equal(strict.settings.passwordPolicy.refuseCommonPasswords, true, 'refused by default');
      assert.deepEqual(strict.settings.requiredAttributes, [], 'no attribute is required by default');
      const refused = await gatehouse(
        ...['user-pools', 'users', 'create', '--pool', strict.id, '--username', 'student'],
        ...['--password', 'student'],
      );
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /most common passwords/);

      const lab = await ok<CliOutput<'userPool'>>(
        gatehouse(
          ...['user-pools', 'create', '--name', 'Lab', '--min-password-length', '6'],
          ...['--allow-common-passwords', '--json'],
        ),
      );
      assert.equal(lab.settings.passwordPolicy.refuseCommonPasswords, false);
      const user = await ok<CliOutput<'poolUser'>>(
        gatehouse(
          ...['user-pools', 'users', 'create', '--pool', lab.id, '--username', 'student'],
          ...['--password', 'student', '--json'],
        ),
      );
      assert.equal(user.username, 'student');
      const again = await ok<CliOutput<'userPool'>>(
        gatehouse('user-pools', 'update', lab.id, '--refuse-common-passwords', '--json'),
      );
      assert.equal(again.settings.passwordPolicy.refuseCommonPasswords, true);
    });
  });
}

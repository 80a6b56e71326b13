import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { type OpenGatehouse, openGatehouse } from '../../src/services/gatehouse.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

// Managing what a pool holds, through the real binary: app clients, users, sessions and groups.
const PASSWORD = 'plum-otter-quarry-47';

for (const name of backendNames()) {
  describe(`gatehouse user-pools clients, users and groups (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let poolId: string;

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      const pool = await ok<CliOutput<'userPool'>>(
        gatehouse(
          ...['user-pools', 'create', '--name', 'Shop', '--self-sign-up', '--auto-confirm'],
          ...['--min-password-length', '8', '--display-name', 'Shop', '--json'],
        ),
      );
      poolId = pool.id;
      await ok(
        gatehouse(
          ...['user-pools', 'clients', 'create', '--pool', poolId, '--name', 'web'],
          ...['--redirect-uri', 'https://app.example.com/callback', '--json'],
        ),
      );
      await ok(
        gatehouse(
          ...['user-pools', 'users', 'create', '--pool', poolId, '--username', 'kim'],
          ...['--email', 'kim@example.com', '--password', PASSWORD, '--json'],
        ),
      );
    });
    after(() => backend.cleanup());

    /** The services on the same store, for what the CLI cannot do itself (sign-in sessions). */
    async function services<T>(fn: (g: OpenGatehouse) => Promise<T>): Promise<T> {
      const g = await openGatehouse(backend.config());
      try {
        return await fn(g);
      } finally {
        await g.close();
      }
    }

    test('public clients get no secret; rotate-secret replaces a confidential one; list, show, delete', async () => {
      const spa = await ok<CliOutput<'appClientCreated'>>(
        gatehouse(
          ...['user-pools', 'clients', 'create', '--pool', poolId, '--name', 'spa', '--public'],
          ...[
            '--redirect-uri',
            'http://localhost:5173/cb',
            '--scope',
            'openid',
            '--scope',
            'email',
            '--json',
          ],
        ),
      );
      assert.equal('clientSecret' in spa, false);
      assert.equal(spa.authMethod, 'none');
      assert.equal(spa.settings.requirePkce, true);
      assert.equal(spa.settings.idTokenSigningAlg, 'RS256');
      const human = await gatehouse(
        ...['user-pools', 'clients', 'create', '--pool', poolId, '--name', 'backend'],
        ...['--redirect-uri', 'https://api.example.com/cb', '--no-refresh-rotation'],
      );
      assert.equal(human.code, 0, human.stderr);
      const printed = /^client_secret:\s+(\S{64})$/m.exec(human.stdout)?.[1] ?? 'missing';
      assert.match(printed, /^[A-Za-z0-9_-]{64}$/, human.stdout);
      assert.match(human.stdout, /WARNING: the client secret is shown only this once/);
      const list = await ok<CliOutput<'appClients'>>(
        gatehouse('user-pools', 'clients', 'list', '--pool', poolId, '--json'),
      );
      assert.deepEqual(list.map((c) => c.name).sort(), ['backend', 'spa', 'web']);
      const backendId = list.find((c) => c.name === 'backend')?.clientId ?? '';
      assert.equal(list.find((c) => c.name === 'backend')?.settings.refreshRotation, false);
      const shown = await gatehouse('user-pools', 'clients', 'show', '--pool', poolId, backendId, '--json');
      assert.equal(shown.code, 0);
      assert.ok(
        !shown.stdout.includes(printed) && !('clientSecret' in shown.json<object>()),
        'show printed the secret',
      );
      const shownHuman = await gatehouse('user-pools', 'clients', 'show', '--pool', poolId, backendId);
      assert.match(shownHuman.stdout, /^type:\s+confidential \(secret\)$/m);
      assert.ok(!shownHuman.stdout.includes(printed), 'show printed the secret');
      const rotated = await ok<CliOutput<'appClientCreated'>>(
        gatehouse('user-pools', 'clients', 'rotate-secret', '--pool', poolId, backendId, '--json'),
      );
      assert.match(rotated.clientSecret ?? '', /^[A-Za-z0-9_-]{64}$/);
      const refused = await gatehouse(
        'user-pools',
        'clients',
        'rotate-secret',
        '--pool',
        poolId,
        spa.clientId,
      );
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /public client/);
      const deleted = await ok<CliOutput<'appClientDeleted'>>(
        gatehouse('user-pools', 'clients', 'delete', '--pool', poolId, spa.clientId, '--json'),
      );
      assert.deepEqual(deleted, { deleted: spa.clientId, poolId });
    });

    test('--id-token-alg sets how the client’s ID tokens are signed; anything else is refused', async () => {
      const es256 = await ok<CliOutput<'appClientCreated'>>(
        gatehouse(
          ...['user-pools', 'clients', 'create', '--pool', poolId, '--name', 'es256'],
          ...['--redirect-uri', 'https://app.example.com/cb', '--id-token-alg', 'ES256', '--json'],
        ),
      );
      assert.equal(es256.settings.idTokenSigningAlg, 'ES256');
      const badAlg = await gatehouse(
        ...['user-pools', 'clients', 'create', '--pool', poolId, '--name', 'hs'],
        ...['--redirect-uri', 'https://app.example.com/cb', '--id-token-alg', 'HS256'],
      );
      assert.notEqual(badAlg.code, 0);
      assert.match(badAlg.stderr, /--id-token-alg must be one of ES256, RS256, EdDSA/);
      await ok(gatehouse('user-pools', 'clients', 'delete', '--pool', poolId, es256.clientId, '--json'));
    });

    test('disable, enable, set-password (permanent and --temporary), sessions, revoke-session, sign-out', async () => {
      const users = ['user-pools', 'users'];
      assert.equal(
        (await ok<CliOutput<'poolUser'>>(gatehouse(...users, 'disable', '--pool', poolId, 'kim', '--json')))
          .enabled,
        false,
      );
      assert.equal(
        (await ok<CliOutput<'poolUser'>>(gatehouse(...users, 'enable', '--pool', poolId, 'kim', '--json')))
          .enabled,
        true,
      );

      const temporary = await gatehouse(
        ...users,
        'set-password',
        '--pool',
        poolId,
        'kim',
        '--temporary',
        '--json',
        '--password',
        'new-temp-pass-83',
      );
      assert.equal(temporary.code, 0, temporary.stderr);
      assert.equal(temporary.json<CliOutput<'poolUser'>>().status, 'FORCE_CHANGE_PASSWORD');
      assert.ok(!temporary.stdout.includes('new-temp-pass-83'));
      const fromEnv = await cliFor(backend, { GATEHOUSE_NEW_PASSWORD: PASSWORD })(
        ...users,
        'set-password',
        '--pool',
        poolId,
        'kim',
        '--json',
      );
      assert.equal(fromEnv.json<CliOutput<'poolUser'>>().status, 'CONFIRMED');

      const { idHash } = await services(async (g) => {
        const pool = await g.userPools.lookup(poolId);
        assert.ok(pool);
        const kim = await g.poolUsers.get(poolId, 'kim', CLI_ACTOR);
        await g.poolSessions.start(pool, kim.sub, { ip: '203.0.113.9', userAgent: 'Firefox\u001b[31m' });
        return (await g.poolSessions.start(pool, kim.sub, { ip: '203.0.113.9', userAgent: 'Safari' }))
          .session;
      });
      const sessions = await ok<CliOutput<'poolSessions'>>(
        gatehouse(...users, 'sessions', '--pool', poolId, 'kim', '--json'),
      );
      assert.equal(sessions.length, 2);
      assert.ok(sessions.some((s) => s.id === idHash));
      const table = await gatehouse(...users, 'sessions', '--pool', poolId, 'kim');
      assert.match(table.stdout, /^SESSION ID\s+SIGNED IN/m);
      assert.ok(!table.stdout.includes('\u001b'), 'a user agent cannot drive the terminal');

      // Session ids are base64url and may start with "-": after `--`, as `users sessions` shows.
      const revoked = await ok<CliOutput<'poolSessionRevoked'>>(
        gatehouse(...users, 'revoke-session', '--pool', poolId, 'kim', '--json', '--', idHash),
      );
      assert.deepEqual(revoked, { poolId, username: 'kim', revoked: idHash });
      const again = await gatehouse(...users, 'revoke-session', '--pool', poolId, 'kim', '--', idHash);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no session/);
      const dashed = await gatehouse(...users, 'revoke-session', '--pool', poolId, 'kim', '--', '-Zx9');
      assert.equal(dashed.code, 1, 'an id that starts with "-" reaches the pool, which has no such session');
      assert.match(dashed.stderr, /no session/);

      const out = await ok<CliOutput<'poolUserSignedOut'>>(
        gatehouse(...users, 'sign-out', '--pool', poolId, 'kim', '--json'),
      );
      assert.equal(out.sessionsEnded, 1);
      assert.equal(out.username, 'kim');
      assert.deepEqual(await ok(gatehouse(...users, 'sessions', '--pool', poolId, 'kim', '--json')), []);
    });

    test('groups: create, list, add-user, remove-user, delete; users show lists them', async () => {
      const groups = ['user-pools', 'groups'];
      const admins = await ok<CliOutput<'poolGroup'>>(
        gatehouse(
          ...groups,
          'create',
          '--pool',
          poolId,
          '--name',
          'admins',
          '--description',
          'Shop admins',
          '--precedence',
          '1',
          '--json',
        ),
      );
      assert.deepEqual([admins.name, admins.precedence, admins.description], ['admins', 1, 'Shop admins']);
      await ok(gatehouse(...groups, 'create', '--pool', poolId, 'editors', '--json'));
      const listed = await ok<CliOutput<'poolGroups'>>(
        gatehouse(...groups, 'list', '--pool', poolId, '--json'),
      );
      assert.deepEqual(listed.map((g) => g.name).sort(), ['admins', 'editors']);
      const added = await ok<CliOutput<'poolGroupMembership'>>(
        gatehouse(...groups, 'add-user', '--pool', poolId, 'admins', 'kim', '--json'),
      );
      assert.deepEqual(added, { poolId, group: 'admins', username: 'kim', groups: ['admins'] });
      await ok(
        gatehouse(
          ...groups,
          'add-user',
          '--pool',
          poolId,
          '--group',
          'editors',
          '--username',
          'KIM',
          '--json',
        ),
      );
      const kim = await ok<CliOutput<'poolUser'>>(
        gatehouse('user-pools', 'users', 'show', '--pool', poolId, 'kim', '--json'),
      );
      assert.deepEqual(kim.groups, ['admins', 'editors']);
      const removed = await ok<CliOutput<'poolGroupMembership'>>(
        gatehouse(...groups, 'remove-user', '--pool', poolId, '--group', 'editors', 'kim', '--json'),
      );
      assert.deepEqual(removed.groups, ['admins']);
      const notIn = await gatehouse(...groups, 'remove-user', '--pool', poolId, 'editors', 'kim');
      assert.equal(notIn.code, 1);
      assert.match(notIn.stderr, /not in group "editors"/);
      assert.deepEqual(await ok(gatehouse(...groups, 'delete', '--pool', poolId, 'editors', '--json')), {
        deleted: 'editors',
        poolId,
      });
    });

    test('update changes only what it names; delete removes the pool and users with it', async () => {
      const updated = await ok<CliOutput<'userPool'>>(
        gatehouse(
          'user-pools',
          'update',
          poolId,
          '--no-self-sign-up',
          '--name',
          'Customers',
          '--clear-branding',
          '--json',
        ),
      );
      assert.deepEqual(
        [updated.name, updated.settings.selfSignUp, updated.settings.autoConfirm],
        ['Customers', false, true],
      );
      assert.deepEqual(updated.settings.branding, {});
      assert.equal(updated.settings.passwordPolicy.minLength, 8);
      const both = await gatehouse('user-pools', 'update', poolId, '--self-sign-up', '--no-self-sign-up');
      assert.equal(both.code, 2);
      assert.deepEqual(
        await ok(gatehouse('user-pools', 'users', 'delete', '--pool', poolId, 'kim', '--json')),
        { deleted: 'kim', poolId },
      );
      assert.deepEqual(await ok(gatehouse('user-pools', 'delete', poolId, '--json')), { deleted: poolId });
      const gone = await gatehouse('user-pools', 'show', poolId);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, new RegExp(`error: no user pool "${poolId}"`));
      assertNoStack(gone);
    });
  });
}

// `gatehouse users set-password|disable|enable|delete|sessions|end-sessions`, as an operator runs them.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { openGatehouse } from '../../src/services/gatehouse.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

const PASSWORD = 'first password, long enough';
const NEW_PASSWORD = 'second password, long enough';
const ORIGIN = { ip: '192.0.2.7', userAgent: 'cli-test-browser' };

for (const name of backendNames()) {
  describe(`gatehouse users account chores (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    const withStore = async <T>(
      fn: (g: Awaited<ReturnType<typeof openGatehouse>>) => Promise<T>,
    ): Promise<T> => {
      const g = await openGatehouse(backend.config());
      try {
        return await fn(g);
      } finally {
        await g.close();
      }
    };
    const signIn = (email: string, password: string) =>
      withStore(async (g) => {
        const user = await g.users.authenticate({ email, password }, ORIGIN);
        return g.sessions.create(user.id, ORIGIN);
      });
    const actions = () =>
      withStore(async (g) =>
        (await g.audit.list(CLI_ACTOR, { team: undefined })).events.map(
          (e) => `${e.action} ${e.target.name}`,
        ),
      );

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend, { GATEHOUSE_NEW_PASSWORD: PASSWORD });
      await ok(
        gatehouse('users', 'create', '--email', 'root@example.com', '--name', 'Root', '--admin', '--json'),
      );
      await ok(gatehouse('users', 'create', '--email', 'kim@example.com', '--name', 'Kim', '--json'));
    });
    after(() => backend.cleanup());

    test('sessions lists them without the cookie; end-sessions ends one (after --) or all', async () => {
      const first = await signIn('kim@example.com', PASSWORD);
      await signIn('kim@example.com', PASSWORD);
      const list = await ok<CliOutput<'accountSessions'>>(
        gatehouse('users', 'sessions', 'kim@example.com', '--json'),
      );
      assert.equal(list.length, 2);
      assert.equal(list[0]?.ip, '192.0.2.7');
      assert.doesNotMatch(JSON.stringify(list), new RegExp(first.token));
      const text = await gatehouse('users', 'sessions', 'kim@example.com');
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /cli-test-browser/);
      assert.match(text.stdout, /gatehouse users end-sessions kim@example.com -- SESSION_ID/);

      const id = list[1]?.id ?? '';
      const one = await ok<CliOutput<'accountSessionsEnded'>>(
        gatehouse('users', 'end-sessions', 'kim@example.com', '--json', '--', id),
      );
      assert.deepEqual(one, { email: 'kim@example.com', ended: 1 });
      const gone = await gatehouse('users', 'end-sessions', 'kim@example.com', '--', id);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /has no session/);
      assertNoStack(gone);
      const all = await gatehouse('users', 'end-sessions', 'kim@example.com');
      assert.equal(all.stdout, 'Ended 1 session(s) of kim@example.com.\n');
      assert.ok((await actions()).includes('account.sessions.end kim@example.com'));
    });

    test('set-password reads GATEHOUSE_NEW_PASSWORD (never a flag), ends sessions, and is audited', async () => {
      const session = await signIn('kim@example.com', PASSWORD);
      const withoutEnv = cliFor(backend);
      const refused = await withoutEnv('users', 'set-password', 'kim@example.com');
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /GATEHOUSE_NEW_PASSWORD/);
      const flag = await withoutEnv('users', 'set-password', 'kim@example.com', '--password', NEW_PASSWORD);
      assert.notEqual(flag.code, 0);
      const short = await cliFor(backend, { GATEHOUSE_NEW_PASSWORD: 'short' })(
        'users',
        'set-password',
        'kim@example.com',
      );
      assert.equal(short.code, 1);
      assert.match(short.stderr, /GATEHOUSE_NEW_PASSWORD.*12/);

      const done = await cliFor(backend, { GATEHOUSE_NEW_PASSWORD: NEW_PASSWORD })(
        'users',
        'set-password',
        'kim@example.com',
      );
      assert.equal(done.code, 0, done.stderr);
      assert.equal(done.stdout, 'Set a new password for kim@example.com; their sessions have ended.\n');
      assert.equal(await withStore((g) => g.sessions.resolve(session.token, ORIGIN)), undefined);
      await signIn('kim@example.com', NEW_PASSWORD);
      assert.ok((await actions()).includes('account.password.set kim@example.com'));
    });

    test('disable refuses sign-in and ends sessions; enable restores; the last admin stays', async () => {
      const session = await signIn('kim@example.com', NEW_PASSWORD);
      const disabled = await ok<CliOutput<'user'>>(
        gatehouse('users', 'disable', 'kim@example.com', '--json'),
      );
      assert.notEqual(disabled.disabledAt, null);
      assert.equal(await withStore((g) => g.sessions.resolve(session.token, ORIGIN)), undefined);
      await assert.rejects(signIn('kim@example.com', NEW_PASSWORD), { code: 'account_disabled' });
      const list = await gatehouse('users', 'list');
      assert.match(list.stdout, /kim@example\.com .*disabled/);
      await ok(gatehouse('users', 'enable', 'kim@example.com', '--json'));
      await signIn('kim@example.com', NEW_PASSWORD);

      const last = await gatehouse('users', 'disable', 'root@example.com');
      assert.equal(last.code, 1);
      assert.match(last.stderr, /last enabled platform admin/);
      const lastDelete = await gatehouse('users', 'delete', 'root@example.com');
      assert.equal(lastDelete.code, 1);
      assert.match(lastDelete.stderr, /last enabled platform admin/);
      assertNoStack(lastDelete);
    });

    test('delete removes the account; the audit history keeps its email', async () => {
      const deleted = await ok<CliOutput<'userDeleted'>>(
        gatehouse('users', 'delete', 'kim@example.com', '--json'),
      );
      assert.deepEqual(deleted, { deleted: 'kim@example.com' });
      const missing = await gatehouse('users', 'delete', 'kim@example.com');
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no account "kim@example.com"/);
      const history = await actions();
      assert.ok(history.includes('account.delete kim@example.com'));
      assert.ok(history.includes('account.password.set kim@example.com'));
    });
  });
}

// `gatehouse roles …` and `gatehouse clients roles …`, as an operator runs them.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { startServer, type RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok, registerOrders, requestToken, within } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse roles (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let holder: { clientId: string; secret: string };
    let server: RunningServer;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      await registerOrders(gatehouse);
      await ok(gatehouse('resource-servers', 'scopes', 'add', 'orders', 'write', '--json'));
      const created = await ok<CliOutput<'clientCreated'>>(
        gatehouse('clients', 'create', '--name', 'clerk', '--json'),
      );
      holder = { clientId: created.clientId, secret: created.clientSecret ?? '' };
      server = await startServer(backend.config());
    });
    after(async () => {
      await server?.close();
      await backend.cleanup();
    });

    test('create, give to a client, request its scopes; remove a scope and it is refused', async () => {
      const made = await gatehouse(
        'roles',
        'create',
        '--name',
        'clerk',
        '--scope',
        'orders/read',
        '--scope',
        'orders/write',
      );
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /^Created role clerk \(role_\w+\)\.$/m);
      assert.match(made.stdout, /gatehouse clients roles add CLIENT clerk/);

      const given = await gatehouse('clients', 'roles', 'add', holder.clientId, 'clerk');
      assert.equal(given.code, 0, given.stderr);
      assert.match(given.stdout, /^orders\/read +role clerk$/m);

      const read = () => requestToken(server.url, holder.clientId, holder.secret, 'orders/read');
      await within('issues through the role', async () => (await read()).status === 200, 2000);

      const shown = await ok<CliOutput<'role'>>(gatehouse('roles', 'show', 'clerk', '--json'));
      assert.deepEqual(shown.scopes, ['orders/read', 'orders/write']);
      assert.deepEqual(
        shown.holders.map((h) => h.clientId),
        [holder.clientId],
      );

      const removed = await gatehouse('roles', 'remove-scope', 'clerk', 'orders/read');
      assert.equal(removed.code, 0, removed.stderr);
      assert.match(removed.stdout, /^Scopes now: orders\/write$/m);
      await within(
        'refuses the removed scope',
        async () => {
          const res = await read();
          return res.status === 400 && res.body?.error === 'invalid_scope';
        },
        2000,
      );
      const listed = await gatehouse('roles', 'list');
      assert.match(listed.stdout, /^ID +NAME +TEAM +SCOPES +HOLDERS$/m);
      assert.match(listed.stdout, /clerk +\(platform\) +1 +1$/m);
    });

    test('mistakes are clear errors without a stack', async () => {
      for (const [args, message] of [
        [['roles', 'create', '--name', 'bad', '--scope', 'orders/nope'], /has no scope "nope"/],
        [['roles', 'create', '--name', 'bad name'], /--name: may contain letters, digits/],
        [['roles', 'create', '--name', 'clerk'], /already has a role named "clerk"/],
        [['roles', 'show', 'nobody'], /no role "nobody"/],
        [['roles', 'add-scope', 'clerk'], /SCOPE/],
        [['roles', 'remove-scope', 'clerk', 'orders/read'], /does not bundle "orders\/read"/],
        [['clients', 'roles', 'add', 'nope', 'clerk'], /no client "nope"/],
        [['clients', 'roles', 'remove', holder.clientId, 'other'], /holds no role "other"/],
        [['roles', 'create', '--name', 'x', '--team', 'nowhere'], /no team "nowhere"/],
      ] as const) {
        const done = await gatehouse(...args);
        assert.notEqual(done.code, 0, `${args.join(' ')} succeeded`);
        assert.match(done.stderr, message, args.join(' '));
        assertNoStack(done);
      }
      const help = await gatehouse('roles', '--help');
      assert.equal(help.code, 0);
      for (const word of ['create', 'list', 'show', 'delete', 'add-scope', 'remove-scope']) {
        assert.match(help.stdout, new RegExp(`\\b${word}\\b`));
      }
      const clientHelp = await gatehouse('clients', 'roles', 'add', '--help');
      assert.match(clientHelp.stdout, /CLIENT|ID/);
    });

    test('deleting a role takes its scopes from its holders', async () => {
      const done = await gatehouse('roles', 'delete', 'clerk');
      assert.equal(done.code, 0, done.stderr);
      const view = await ok<CliOutput<'clientRoles'>>(
        gatehouse('clients', 'roles', 'list', holder.clientId, '--json'),
      );
      assert.deepEqual(view, { clientId: holder.clientId, roles: [], scopes: [] });
    });
  });
}

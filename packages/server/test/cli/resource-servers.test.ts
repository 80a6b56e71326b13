import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ResourceServer } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse resource-servers (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
    });
    after(() => backend.cleanup());

    test('create prints the new API; list, show and --json agree', async () => {
      const created = await gatehouse(
        'resource-servers',
        'create',
        '--identifier',
        'lj-health-food',
        '--name',
        'LJ Health Food',
        '--scope',
        'place-order=Place an order=now',
        '--scope',
        'list-orders',
        '--token-ttl',
        '900',
        '--alg',
        'RS256',
      );
      assert.equal(created.code, 0, created.stderr);
      assert.ok(created.stdout.startsWith('Created resource server lj-health-food.'));
      assert.match(created.stdout, /^scopes: +place-order {2}Place an order=now$/m);
      assert.ok(
        created.stdout.includes(
          'gatehouse clients create --name my-service --scope lj-health-food/place-order',
        ),
      );

      const list = await ok<ResourceServer[]>(gatehouse('resource-servers', 'list', '--json'));
      assert.deepEqual(
        list.map((r) => r.identifier),
        ['gatehouse-admin', 'lj-health-food'],
      );
      const shown = await ok<ResourceServer>(
        gatehouse('resource-servers', 'show', 'lj-health-food', '--json'),
      );
      assert.deepEqual(
        { ...shown, id: '', createdAt: '', updatedAt: '', metadataUrl: '' },
        {
          id: '',
          identifier: 'lj-health-food',
          name: 'LJ Health Food',
          description: '',
          scopes: [
            { name: 'list-orders', description: '' },
            { name: 'place-order', description: 'Place an order=now' },
          ],
          tokenTtl: 900,
          signingAlg: 'RS256',
          tokenProfile: 'rfc9068',
          builtIn: false,
          teamId: null,
          createdAt: '',
          updatedAt: '',
          metadataUrl: '',
        },
      );
      // RFC 9728: the stable address of its protected resource metadata, under the issuer.
      assert.match(
        shown.metadataUrl ?? '',
        /^https?:\/\/[^/]+\/resource-servers\/rs_\w+\/oauth-protected-resource$/,
      );
      assert.ok(shown.metadataUrl?.endsWith(`/resource-servers/${shown.id}/oauth-protected-resource`));
      assert.deepEqual(await ok(gatehouse('resource-servers', 'show', shown.id, '--json')), shown);

      const table = await gatehouse('resource-servers', 'list');
      assert.match(table.stdout, /^IDENTIFIER +NAME +SCOPES +ALG +PROFILE +TTL +CREATED$/m);
      assert.match(
        table.stdout,
        /^lj-health-food +LJ Health Food +list-orders,place-order +RS256 +rfc9068 +900s +\d{4}-\d\d-\d\dT/m,
      );
      const block = await gatehouse('resource-servers', 'show', 'lj-health-food');
      assert.match(block.stdout, /^token lifetime: +900 s$/m);
      assert.ok(
        block.stdout.split('\n').some((l) => /^metadata: +/.test(l) && l.endsWith(` ${shown.metadataUrl}`)),
      );
      assert.match(block.stdout, /^created: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
    });

    test('--token-profile on create and update; a wrong one names the choices', async () => {
      const created = await ok<ResourceServer>(
        gatehouse(
          'resource-servers',
          'create',
          '--identifier',
          'partners-api',
          '--name',
          'Partners',
          '--scope',
          'read',
          '--token-profile',
          'cognito',
          '--json',
        ),
      );
      assert.equal(created.tokenProfile, 'cognito');
      const updated = await ok<ResourceServer>(
        gatehouse(
          'resource-servers',
          'update',
          'partners-api',
          '--token-profile',
          'rfc9068',
          '--token-ttl',
          '600',
          '--json',
        ),
      );
      assert.deepEqual([updated.tokenProfile, updated.tokenTtl, updated.name], ['rfc9068', 600, 'Partners']);
      const block = await gatehouse(
        'resource-servers',
        'update',
        'partners-api',
        '--token-profile',
        'cognito',
      );
      assert.match(block.stdout, /^token profile: +cognito$/m);
      const wrong = await gatehouse('resource-servers', 'update', 'partners-api', '--token-profile', 'aws');
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /--token-profile must be one of rfc9068, cognito, got "aws"/);
      const builtIn = await gatehouse(
        'resource-servers',
        'update',
        'gatehouse-admin',
        '--token-profile',
        'cognito',
      );
      assert.equal(builtIn.code, 1);
      assert.equal(builtIn.stderr, 'error: "gatehouse-admin" is built in and cannot be changed\n');
      assert.equal((await gatehouse('resource-servers', 'delete', 'partners-api')).code, 0);
    });

    test('a duplicate identifier is refused, exit 1', async () => {
      const result = await gatehouse(
        'resource-servers',
        'create',
        '--identifier',
        'lj-health-food',
        '--name',
        'Again',
      );
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        'error: a resource server with identifier "lj-health-food" already exists\n',
      );
      assert.equal(result.stdout, '');
      const json = await gatehouse(
        'resource-servers',
        'create',
        '--identifier',
        'lj-health-food',
        '--name',
        'Again',
        '--json',
      );
      assert.equal(json.code, 1);
      assert.deepEqual(json.json(), {
        error: 'conflict',
        message: 'a resource server with identifier "lj-health-food" already exists',
      });
    });

    test('a malformed URI identifier is refused, naming the flag; each problem on its own line', async () => {
      const result = await gatehouse(
        'resource-servers',
        'create',
        '--identifier',
        'https://exa mple.com',
        '--name',
        'Bad',
        '--scope',
        'bad scope',
        '--token-ttl',
        '30',
        '--json',
      );
      assert.equal(result.code, 1);
      const issues = [
        '--identifier: must not contain spaces',
        '--scope "bad scope": name may contain letters, digits, ".", "_", ":", "*" and "-"',
        '--token-ttl: must be at least 60 seconds',
      ];
      assert.equal(result.stderr, issues.map((issue) => `error: ${issue}\n`).join(''));
      assert.deepEqual(result.json(), { error: 'validation_failed', message: issues.join('; '), issues });
      assertNoStack(result);
      const list = await ok<ResourceServer[]>(gatehouse('resource-servers', 'list', '--json'));
      assert.equal(list.length, 2, 'nothing was written');
    });

    test('URI identifiers work, and scopes can be added and removed', async () => {
      await ok(
        gatehouse(
          'resource-servers',
          'create',
          '--identifier',
          'https://orders.example.com/v2',
          '--name',
          'Orders',
          '--json',
        ),
      );
      const added = await gatehouse(
        'resource-servers',
        'scopes',
        'add',
        'https://orders.example.com/v2',
        'read=Read orders',
      );
      assert.equal(added.code, 0, added.stderr);
      assert.ok(added.stdout.startsWith('Added scope read to https://orders.example.com/v2.'));
      const again = await gatehouse(
        'resource-servers',
        'scopes',
        'add',
        'https://orders.example.com/v2',
        'read',
      );
      assert.equal(again.code, 1);
      assert.equal(again.stderr, 'error: "https://orders.example.com/v2" already has scope "read"\n');
      const removed = await ok<ResourceServer>(
        gatehouse('resource-servers', 'scopes', 'remove', 'https://orders.example.com/v2', 'read', '--json'),
      );
      assert.deepEqual(removed.scopes, []);
      const missing = await gatehouse(
        'resource-servers',
        'scopes',
        'remove',
        'https://orders.example.com/v2',
        'read',
      );
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr, 'error: "https://orders.example.com/v2" has no scope "read"\n');
    });

    test('an unknown scope on client create is refused and writes nothing', async () => {
      const result = await gatehouse(
        'clients',
        'create',
        '--name',
        'checkout',
        '--scope',
        'lj-health-food/place-order',
        '--scope',
        'lj-health-food/refund',
        '--scope',
        'nowhere/read',
      );
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        'error: --scope "lj-health-food/refund": resource server "lj-health-food" has no scope "refund"\n' +
          'error: --scope: no resource server matches "nowhere/read" (expected <identifier>/<scope>)\n',
      );
      assert.deepEqual(await ok(gatehouse('clients', 'list', '--json')), []);
    });

    test('delete refuses while clients hold permissions, --force removes them too', async () => {
      const client = await ok<{ clientId: string }>(
        gatehouse(
          'clients',
          'create',
          '--name',
          'checkout',
          '--scope',
          'lj-health-food/place-order',
          '--json',
        ),
      );
      const refused = await gatehouse('resource-servers', 'delete', 'lj-health-food');
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /^error: 1 client\(s\) hold permissions on "lj-health-food" \(\w+\); delete with --force/,
      );
      const deleted = await gatehouse('resource-servers', 'delete', 'lj-health-food', '--force');
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal(
        deleted.stdout,
        `Deleted resource server lj-health-food.\nRemoved its permissions from 1 client(s): ${client.clientId}\n`,
      );
      const shown = await gatehouse('resource-servers', 'show', 'lj-health-food', '--json');
      assert.equal(shown.code, 1);
      assert.deepEqual(shown.json(), { error: 'not_found', message: 'no resource server "lj-health-food"' });
      const scopes = await ok<{ scopes: string[] }>(gatehouse('clients', 'show', client.clientId, '--json'));
      assert.deepEqual(scopes.scopes, []);
    });

    test('the built-in resource server cannot be deleted', async () => {
      const result = await gatehouse('resource-servers', 'delete', 'gatehouse-admin', '--force');
      assert.equal(result.code, 1);
      assert.equal(result.stderr, 'error: "gatehouse-admin" is built in and cannot be deleted\n');
    });

    test('a store opened with another master key is refused, clearly', async () => {
      const other = Buffer.alloc(32, 1).toString('base64');
      const result = await cliFor(backend, { GATEHOUSE_MASTER_KEY: other })('resource-servers', 'list');
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^error: the master key does not match the one this store was created with/,
      );
      assertNoStack(result);
    });
  });
}

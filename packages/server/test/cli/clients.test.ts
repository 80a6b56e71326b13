import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client, ClientSecretInfo } from '@gatehouse/schemas';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { assertNoStack, type CreatedClientJson, cliFor, ok, requestToken, runInProcess } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse clients (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      await ok(
        gatehouse(
          'resource-servers',
          'create',
          '--identifier',
          'lj-health-food',
          '--name',
          'LJ Health Food',
          '--scope',
          'place-order',
          '--scope',
          'list-orders',
          '--scope',
          'cancel-order',
          '--json',
        ),
      );
      server = await startTestServer(backend);
    });
    after(async () => {
      await server?.close();
      await backend.cleanup();
    });

    test('create --json gives clientId and clientSecret, which get a token over HTTP', async () => {
      const created = await ok<CreatedClientJson>(
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
      assert.match(created.clientId, /^[a-z2-7]{26}$/);
      assert.match(created.clientSecret ?? '', /^ghs_[A-Za-z0-9_-]{43}$/);
      // The previous release's names stay for one more release, beside the new ones.
      assert.equal(created.client_id, created.clientId);
      assert.equal(created.client_secret, created.clientSecret);
      assert.equal(created.secret_id, created.secretId);
      assert.equal(created.token_endpoint, created.tokenEndpoint);
      assert.deepEqual(created.scopes, ['lj-health-food/place-order']);
      assert.equal(created.secrets[0]?.id, created.secretId);
      const token = await requestToken(
        server.url,
        created.clientId,
        created.clientSecret ?? '',
        'lj-health-food/place-order',
      );
      assert.equal(token.status, 200, JSON.stringify(token.body));
      assert.equal(token.body?.token_type, 'Bearer');
      assert.equal(token.body?.scope, 'place-order');
    });

    test('human create shows the secret once, with a warning and a working curl', async () => {
      const result = await gatehouse(
        'clients',
        'create',
        '--name',
        'reporting',
        '--scope',
        'lj-health-food/list-orders',
        '--scope',
        'lj-health-food/cancel-order',
        '--description',
        'nightly reports',
      );
      assert.equal(result.code, 0, result.stderr);
      const clientId = /^client_id: +(\S+)$/m.exec(result.stdout)?.[1] ?? '';
      const secret = /^client_secret: +(\S+)$/m.exec(result.stdout)?.[1] ?? '';
      assert.match(secret, /^ghs_/);
      assert.ok(result.stdout.includes('WARNING: the client secret is shown only this once. Store it now'));
      assert.ok(result.stdout.includes(`curl -s -u ${clientId}:${secret} \\`), result.stdout);
      assert.ok(
        result.stdout.includes(
          "--data-urlencode 'scope=lj-health-food/cancel-order lj-health-food/list-orders'",
        ),
      );
      const token = await requestToken(
        server.url,
        clientId,
        secret,
        'lj-health-food/cancel-order lj-health-food/list-orders',
      );
      assert.equal(token.status, 200);

      // Never shown again: not by show, list or secrets list, as text or JSON.
      const views = [
        ['clients', 'show', clientId],
        ['clients', 'show', clientId, '--json'],
        ['clients', 'list'],
        ['clients', 'list', '--json'],
        ['clients', 'secrets', 'list', clientId],
        ['clients', 'secrets', 'list', clientId, '--json'],
      ];
      const shownAll = await Promise.all(views.map((args) => gatehouse(...args)));
      for (const [i, shown] of shownAll.entries()) {
        const args = views[i] ?? [];
        assert.equal(shown.code, 0);
        assert.ok(!shown.stdout.includes(secret) && !shown.stderr.includes(secret), args.join(' '));
        assert.ok(!shown.stdout.includes(secret.slice(4, 20)), args.join(' '));
      }
      const block = shownAll[0] ?? assert.fail();
      assert.match(block.stdout, /^description: +nightly reports$/m);
      assert.match(block.stdout, /^scopes: +lj-health-food\/cancel-order\n +lj-health-food\/list-orders$/m);
      assert.match(
        block.stdout,
        new RegExp(
          `^secrets: +SECRET ID +ENDS IN +STATUS.*\\n +sec_\\w+ +\\.\\.\\.${secret.slice(-4)} +active `,
          'm',
        ),
      );
      const table = shownAll[2] ?? assert.fail();
      assert.match(table.stdout, /^CLIENT ID +NAME +ENABLED +AUTH METHOD +SCOPES +SECRETS +LAST USED$/m);
      assert.match(
        table.stdout,
        new RegExp(`^${clientId} +reporting +yes +client_secret_basic +lj-health-food/cancel-order,`, 'm'),
      );
    });

    test('disable, enable, permissions add and permissions remove', async () => {
      const { clientId: id } = await ok<CreatedClientJson>(
        gatehouse('clients', 'create', '--name', 'ops', '--json'),
      );
      const disabled = await ok<Client>(gatehouse('clients', 'disable', id, '--json'));
      assert.equal(disabled.enabled, false);
      assert.equal((await ok<Client>(gatehouse('clients', 'enable', id, '--json'))).enabled, true);
      const granted = await gatehouse(
        'clients',
        'permissions',
        'add',
        id,
        'lj-health-food/place-order',
        'lj-health-food/list-orders',
      );
      assert.equal(granted.code, 0, granted.stderr);
      assert.ok(granted.stdout.includes('Scopes now: lj-health-food/list-orders lj-health-food/place-order'));
      const revoked = await ok<Client>(
        gatehouse('clients', 'permissions', 'remove', id, 'lj-health-food/list-orders', '--json'),
      );
      assert.deepEqual(revoked.scopes, ['lj-health-food/place-order']);
      const bad = await gatehouse('clients', 'permissions', 'add', id, 'lj-health-food/refund');
      assert.equal(bad.code, 1);
      assert.equal(
        bad.stderr,
        'error: SCOPE "lj-health-food/refund": resource server "lj-health-food" has no scope "refund"\n',
      );
    });

    test('the previous release commands grant and revoke-grant still work, and --json carries both names', async () => {
      const { clientId: id } = await ok<CreatedClientJson>(
        gatehouse('clients', 'create', '--name', 'old-words', '--json'),
      );
      const granted = await ok<Client>(
        gatehouse('clients', 'grant', id, 'lj-health-food/list-orders', '--json'),
      );
      assert.deepEqual(granted.permissions, [{ scope: 'lj-health-food/list-orders', expiresAt: null }]);
      assert.deepEqual(granted.grants, granted.permissions);
      const revoked = await ok<Client>(
        gatehouse('clients', 'revoke-grant', id, 'lj-health-food/list-orders', '--json'),
      );
      assert.deepEqual(revoked.permissions, []);
      assert.deepEqual(revoked.grants, []);
    });

    test('secrets add prints the new secret once; secrets revoke retires the old one', async () => {
      const created = await ok<CreatedClientJson>(
        gatehouse(
          'clients',
          'create',
          '--name',
          'rotator',
          '--scope',
          'lj-health-food/place-order',
          '--json',
        ),
      );
      const added = await gatehouse('clients', 'secrets', 'add', created.clientId, '--expires-in', '86400');
      assert.equal(added.code, 0, added.stderr);
      const secret = /^client_secret: +(\S+)$/m.exec(added.stdout)?.[1] ?? '';
      assert.match(secret, /^ghs_/);
      assert.match(added.stdout, /^expires: +\d{4}-/m);
      assert.ok(
        added.stdout.includes(`gatehouse clients secrets revoke ${created.clientId} ${created.secretId}`),
      );
      const revoked = await ok<ClientSecretInfo>(
        gatehouse('clients', 'secrets', 'revoke', created.clientId, created.secretId ?? '', '--json'),
      );
      assert.equal(revoked.id, created.secretId);
      assert.notEqual(revoked.revokedAt, null);
      const again = await gatehouse('clients', 'secrets', 'revoke', created.clientId, created.secretId ?? '');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^error: client "\w+" has no active secret "sec_\w+"\n$/);
      const listed = await ok<ClientSecretInfo[]>(
        gatehouse('clients', 'secrets', 'list', created.clientId, '--json'),
      );
      assert.deepEqual(
        listed.map((s) => [s.id === created.secretId, s.revokedAt !== null, s.expiresAt !== null]),
        [
          [true, true, false],
          [false, false, true],
        ],
      );
      const short = await gatehouse(
        'clients',
        'secrets',
        'add',
        created.clientId,
        '--expires-in',
        '5',
        '--json',
      );
      assert.equal(short.code, 1);
      assert.deepEqual(short.json<{ issues: string[] }>().issues, [
        '--expires-in: must be at least 60 seconds',
      ]);
    });

    test('client_secret_post and private_key_jwt clients', async () => {
      const post = await gatehouse(
        'clients',
        'create',
        '--name',
        'poster',
        '--auth-method',
        'client_secret_post',
      );
      assert.equal(post.code, 0, post.stderr);
      assert.match(post.stdout, /^ {2}curl -s -d client_id=\w+ -d client_secret=ghs_\S+ \\$/m);

      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const file = join(backend.dataDir, 'partner-keys.json');
      writeFileSync(
        file,
        JSON.stringify({
          keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'partner-1', alg: 'ES256' }],
        }),
      );
      const keyed = await ok<CreatedClientJson & { jwks: unknown }>(
        gatehouse(
          'clients',
          'create',
          '--name',
          'partner',
          '--auth-method',
          'private_key_jwt',
          '--jwks',
          file,
          '--json',
        ),
      );
      assert.equal(keyed.clientSecret, null);
      assert.equal(keyed.authMethod, 'private_key_jwt');
      const shown = await gatehouse('clients', 'show', keyed.clientId);
      assert.match(shown.stdout, /^keys: +1 public key\(s\): partner-1$/m);
      const noSecrets = await gatehouse('clients', 'secrets', 'add', keyed.clientId);
      assert.equal(noSecrets.code, 1);
      assert.match(noSecrets.stderr, /authenticates with private_key_jwt and has no secrets/);

      const missingKeys = await gatehouse(
        'clients',
        'create',
        '--name',
        'p2',
        '--auth-method',
        'private_key_jwt',
      );
      assert.equal(missingKeys.code, 1);
      assert.equal(missingKeys.stderr, 'error: --jwks: private_key_jwt needs jwks or jwksUri\n');
      const weakFile = join(backend.dataDir, 'weak-keys.json');
      const weak = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey;
      writeFileSync(weakFile, JSON.stringify({ ...weak.export({ format: 'jwk' }), kid: 'weak' }));
      const weakKeys = await gatehouse(
        'clients',
        'create',
        '--name',
        'p-weak',
        '--auth-method',
        'private_key_jwt',
        '--jwks',
        weakFile,
      );
      assert.equal(weakKeys.code, 1);
      assert.equal(
        weakKeys.stderr,
        'error: --jwks: keys[0] (kid "weak"): RSA keys must use the public exponent 65537 ("AQAB"), got a 2-bit exponent\n',
      );
      // Usage errors never reach the store: checked in process, like usage.test.ts.
      const noFile = await runInProcess([
        'clients',
        'create',
        '--name',
        'p3',
        '--auth-method',
        'private_key_jwt',
        '--jwks',
        join(backend.dataDir, 'nope.json'),
      ]);
      assert.equal(noFile.code, 2);
      assert.match(noFile.stderr, /^error: --jwks: cannot read ".*nope\.json" \(ENOENT\)$/m);
      const badMethod = await runInProcess(['clients', 'create', '--name', 'p4', '--auth-method', 'basic']);
      assert.equal(badMethod.code, 2);
      assertNoStack(badMethod);
    });

    test('--grant-type chooses the grant types, which show lists; an unknown one is refused', async () => {
      const created = await ok<CreatedClientJson & Pick<Client, 'grantTypes'>>(
        gatehouse('clients', 'create', '--name', 'typed', '--grant-type', 'client_credentials', '--json'),
      );
      assert.deepEqual(created.grantTypes, ['client_credentials']);
      const shown = await gatehouse('clients', 'show', created.client_id);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /^grant types:\s+client_credentials$/m);
      const unknown = await gatehouse('clients', 'create', '--name', 'people', '--grant-type', 'password');
      assert.equal(unknown.code, 1);
      assert.equal(unknown.stderr, 'error: --grant-type "password": must be one of client_credentials\n');
    });

    test('out-of-range numbers and unknown clients are refused, exit 1', async () => {
      const ttl = await gatehouse(
        'clients',
        'create',
        '--name',
        'x',
        '--token-ttl',
        '10',
        '--secret-expires-in',
        '1',
      );
      assert.equal(ttl.code, 1);
      const lines = ttl.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, ttl.stderr);
      assert.equal(lines[0], 'error: --token-ttl: must be at least 60 seconds');
      assert.match(lines[1] ?? '', /^error: --secret-expires-in: .*60/);
      for (const command of ['show', 'delete']) {
        const result = await gatehouse('clients', command, 'nope', '--json');
        assert.equal(result.code, 1, command);
        assert.deepEqual(result.json(), { error: 'not_found', message: 'no client "nope"' });
        assert.equal(result.stderr, 'error: no client "nope"\n');
      }
    });
  });
}

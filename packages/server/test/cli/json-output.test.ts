import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliOutput, type CliOutputKind, cliOutputSchemas } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { openGatehouse } from '../../src/services/gatehouse.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { type CliResult, cliFor, runCli } from './helpers.js';

// Every `--json` answer, from the real command, parsed with its strict schema: a key added,
// renamed or dropped without the schema fails here. `serving` and `gateway` answer while they
// run, so serve.test.ts and the gateway's cli.test.ts parse theirs.
// configPlan and configApplied: test/config-code/cli.test.ts parses them.
const ELSEWHERE: readonly CliOutputKind[] = ['serving', 'gateway', 'configPlan', 'configApplied'];

describe('gatehouse … --json answers match their schemas in @gatehouse/schemas', () => {
  let backend: TestBackend;
  let gatehouse: ReturnType<typeof cliFor>;
  const seen = new Set<CliOutputKind>();

  function parse<K extends CliOutputKind>(kind: K, done: CliResult): CliOutput<K> {
    seen.add(kind);
    const parsed = cliOutputSchemas[kind].safeParse(done.json());
    assert.ok(parsed.success, `${kind}: ${parsed.error?.message}\nstdout: ${done.stdout}`);
    return parsed.data as CliOutput<K>;
  }

  async function answer<K extends CliOutputKind>(kind: K, ...args: string[]): Promise<CliOutput<K>> {
    // --json first: arguments after `--` (ids that start with "-") stay arguments.
    const done = await gatehouse('--json', ...args);
    assert.equal(done.code, 0, `gatehouse ${args.join(' ')}: ${done.stderr}`);
    return parse(kind, done);
  }

  before(async () => {
    backend = await createBackend('sqlite');
    gatehouse = cliFor(backend, { GATEHOUSE_NEW_PASSWORD: 'a long enough password' });
  });
  after(() => backend.cleanup());

  test('init, before anything else has made the store', async () => {
    const made = parse('init', await runCli(['init', '--json'], backend.env()));
    assert.equal(made.masterKey.source, 'GATEHOUSE_MASTER_KEY');
  });

  test('version and master-key generate', async () => {
    await answer('version', '--version');
    const { masterKey, master_key } = await answer('masterKey', 'master-key', 'generate');
    assert.equal(master_key, masterKey);
  });

  test('resource-servers', async () => {
    const args = ['--identifier', 'orders', '--name', 'Orders', '--scope', 'read=Read', '--scope', 'write'];
    await answer('resourceServer', 'resource-servers', 'create', ...args);
    await answer('resourceServers', 'resource-servers', 'list');
    await answer('resourceServer', 'resource-servers', 'show', 'orders');
    await answer('resourceServer', 'resource-servers', 'scopes', 'add', 'orders', 'admin=Admin');
    await answer('resourceServer', 'resource-servers', 'scopes', 'remove', 'orders', 'admin');
  });

  test('claims and token hooks', async () => {
    await answer('claims', 'resource-servers', 'claims', 'set', 'orders', 'api=orders');
    await answer('claims', 'resource-servers', 'claims', 'show', 'orders');
    await answer(
      'tokenHookSecret',
      'resource-servers',
      'hook',
      'set',
      'orders',
      '--url',
      'https://hooks.test/x',
    );
    await answer('tokenHook', 'resource-servers', 'hook', 'show', 'orders');
    await answer('tokenHookSecret', 'resource-servers', 'hook', 'rotate-secret', 'orders');
    await answer('tokenHook', 'resource-servers', 'hook', 'clear', 'orders');
  });

  test('teams and users', async () => {
    await answer('team', 'teams', 'create', '--slug', 'shop', '--name', 'Shop');
    await answer('teams', 'teams', 'list');
    await answer('invitation', 'teams', 'invite', 'shop', '--email', 'kim@example.com');
    await answer('user', 'users', 'create', '--email', 'lee@example.com', '--name', 'Lee');
    await answer('users', 'users', 'list');
    await answer('user', 'users', 'create', '--email', 'gone@example.com', '--name', 'Gone');
    await answer('user', 'users', 'set-password', 'gone@example.com');
    await answer('user', 'users', 'disable', 'gone@example.com');
    await answer('user', 'users', 'enable', 'gone@example.com');
    await answer('accountSessions', 'users', 'sessions', 'gone@example.com');
    await answer('accountSessionsEnded', 'users', 'end-sessions', 'gone@example.com');
    await answer('userDeleted', 'users', 'delete', 'gone@example.com');
    await answer('member', 'teams', 'add-member', 'shop', '--email', 'lee@example.com');
    await answer('team', 'teams', 'rename', 'shop', 'The shop');
    await answer('team', 'teams', 'create', '--slug', 'gone', '--name', 'Gone');
    await answer('teamDeleted', 'teams', 'delete', 'gone');
  });

  test('clients and their secrets', async () => {
    const created = await answer(
      'clientCreated',
      ...['clients', 'create', '--name', 'svc', '--scope', 'orders/read', '--secret-expires-in', '3600'],
    );
    const id = created.clientId;
    assert.deepEqual(
      [created.client_id, created.client_secret, created.secret_id, created.secret_expires_at],
      [id, created.clientSecret, created.secretId, created.secretExpiresAt],
    );
    assert.equal(created.token_endpoint, created.tokenEndpoint);
    await answer('clients', 'clients', 'list');
    await answer('client', 'clients', 'show', id);
    await answer('client', 'clients', 'disable', id);
    await answer('client', 'clients', 'enable', id);
    await answer('client', 'clients', 'permissions', 'add', id, 'orders/write');
    await answer('client', 'clients', 'permissions', 'remove', id, 'orders/write');
    await answer('client', 'clients', 'grant', id, 'orders/write');
    const added = await answer('secretAdded', 'clients', 'secrets', 'add', id, '--expires-in', '600');
    assert.deepEqual(
      [added.client_id, added.secret_id, added.client_secret, added.expires_at],
      [added.clientId, added.secretId, added.clientSecret, added.expiresAt],
    );
    await answer('secrets', 'clients', 'secrets', 'list', id);
    await answer('secret', 'clients', 'secrets', 'revoke', id, added.secretId);
    await answer('clientDeleted', 'clients', 'delete', id);
  });

  test('roles and the roles of clients', async () => {
    const role = await answer('role', 'roles', 'create', '--name', 'reader', '--scope', 'orders/read');
    await answer('roles', 'roles', 'list');
    await answer('role', 'roles', 'show', 'reader');
    await answer('role', 'roles', 'add-scope', 'reader', 'orders/write');
    await answer('role', 'roles', 'remove-scope', role.id, 'orders/write');
    const created = await answer('clientCreated', 'clients', 'create', '--name', 'role-holder');
    const held = await answer('clientRoles', 'clients', 'roles', 'add', created.clientId, 'reader');
    assert.deepEqual(
      held.scopes[0]?.roles.map((r) => r.name),
      ['reader'],
    );
    await answer('clientRoles', 'clients', 'roles', 'list', created.clientId);
    await answer('clientRoles', 'clients', 'roles', 'remove', created.clientId, 'reader');
    await answer('roleDeleted', 'roles', 'delete', 'reader');
  });

  test('rate limits: clients, teams and the platform default', async () => {
    const created = await answer('clientCreated', 'clients', 'create', '--name', 'limited', '--team', 'shop');
    await answer(
      'clientLimits',
      'clients',
      'limits',
      'set',
      created.clientId,
      '--rate',
      '50/s',
      '--daily',
      '9',
    );
    await answer('clientLimits', 'clients', 'limits', 'show', created.clientId);
    await answer('clientLimits', 'clients', 'limits', 'clear', created.clientId);
    await answer('teamLimits', 'teams', 'limits', 'set', 'shop', '--rate', '600/m', '--observe');
    await answer('teamLimits', 'teams', 'limits', 'show', 'shop');
    await answer('teamLimits', 'teams', 'limits', 'clear', 'shop');
    await answer('platformLimits', 'limits', 'set', '--daily', '100000');
    await answer('platformLimits', 'limits', 'show');
    await answer('platformLimits', 'limits', 'clear');
  });

  test('resource-servers delete --force', async () => {
    await answer('clientCreated', 'clients', 'create', '--name', 'holder', '--scope', 'orders/read');
    const deleted = await answer('resourceServerDeleted', 'resource-servers', 'delete', 'orders', '--force');
    assert.equal(deleted.removedPermissionsFrom.length, 1);
    assert.deepEqual(deleted.removedGrantsFrom, deleted.removedPermissionsFrom);
  });

  test('keys', async () => {
    await answer('keys', 'keys', 'list');
    await answer('keysRotated', 'keys', 'rotate', '--prepublish', '--alg', 'ES256');
    await answer('keysRotated', 'keys', 'rotate', '--alg', 'ES256');
    const audit = await answer('auditEvents', 'audit', 'list', '--target-type', 'signing_key');
    assert.ok(audit.events.some((e) => e.action === 'key.retire'));
  });

  test('user-pools, their clients, users, sessions and groups', async () => {
    const pool = await answer(
      'userPool',
      'user-pools',
      'create',
      '--name',
      'Shop',
      '--min-password-length',
      '8',
    );
    const p = ['--pool', pool.id];
    await answer('userPools', 'user-pools', 'list');
    await answer('userPool', 'user-pools', 'show', pool.id);
    await answer('userPool', 'user-pools', 'update', pool.id, '--logo-url', 'https://cdn.example.com/l.png');
    const web = ['--name', 'web', '--redirect-uri', 'https://app.example.com/cb'];
    const created = await answer('appClientCreated', 'user-pools', 'clients', 'create', ...p, ...web);
    await answer('appClientCreated', 'user-pools', 'clients', 'rotate-secret', ...p, created.clientId);
    await answer('appClients', 'user-pools', 'clients', 'list', ...p);
    await answer('appClient', 'user-pools', 'clients', 'show', ...p, created.clientId);
    const flows = ['--auth-flow', 'USER_PASSWORD_AUTH'];
    await answer('appClient', 'user-pools', 'clients', 'update', ...p, created.clientId, ...flows);
    await answer('appClientDeleted', 'user-pools', 'clients', 'delete', ...p, created.clientId);
    const kim = ['--username', 'kim', '--email', 'kim@example.com', '--password', 'plum-otter-47'];
    await answer('poolUser', 'user-pools', 'users', 'create', ...p, ...kim, '--attribute', 'given_name=Kim');
    await answer('poolUser', 'user-pools', 'users', 'confirm', ...p, 'kim');
    await answer('poolUsers', 'user-pools', 'users', 'list', ...p);
    await answer('poolUser', 'user-pools', 'users', 'show', ...p, 'kim');
    await answer('poolUser', 'user-pools', 'users', 'disable', ...p, 'kim');
    await answer(
      'poolUser',
      'user-pools',
      'users',
      'set-password',
      ...p,
      'kim',
      '--password',
      'fig-heron-92-x',
    );
    const g = await openGatehouse(backend.config());
    try {
      const record = await g.userPools.lookup(pool.id);
      const { sub } = await g.poolUsers.get(pool.id, 'kim', CLI_ACTOR);
      if (record) await g.poolSessions.start(record, sub, { ip: null, userAgent: null });
    } finally {
      await g.close();
    }
    const [session] = await answer('poolSessions', 'user-pools', 'users', 'sessions', ...p, 'kim');
    await answer(
      'poolSessionRevoked',
      'user-pools',
      'users',
      'revoke-session',
      ...p,
      'kim',
      // Session ids are base64url and may start with "-".
      '--',
      session?.id ?? '',
    );
    await answer('poolUserSignedOut', 'user-pools', 'users', 'sign-out', ...p, 'kim');
    await answer('poolGroup', 'user-pools', 'groups', 'create', ...p, '--name', 'admins');
    await answer('poolGroups', 'user-pools', 'groups', 'list', ...p);
    await answer('poolGroupMembership', 'user-pools', 'groups', 'add-user', ...p, 'admins', 'kim');
    await answer('poolGroupMembership', 'user-pools', 'groups', 'remove-user', ...p, 'admins', 'kim');
    await answer('poolGroupDeleted', 'user-pools', 'groups', 'delete', ...p, 'admins');
    await answer('poolUserDeleted', 'user-pools', 'users', 'delete', ...p, 'kim');
    await answer('userPoolDeleted', 'user-pools', 'delete', pool.id);
  });

  test('access-keys', async () => {
    await answer('team', 'teams', 'create', '--slug', 'keys-team', '--name', 'Keys team');
    const created = await answer(
      'accessKeyCreated',
      'access-keys',
      'create',
      '--team',
      'keys-team',
      '--name',
      'ci',
    );
    assert.match(created.accessKeyId, /^GHAK[A-Z2-7]{16}$/);
    assert.match(created.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    const admin = await answer('accessKeyCreated', 'access-keys', 'create', '--admin');
    assert.equal(admin.platformAdmin, true);
    const listed = await answer('accessKeys', 'access-keys', 'list');
    assert.ok(listed.every((k) => !('secretAccessKey' in k)));
    await answer('accessKey', 'access-keys', 'disable', created.accessKeyId);
    await answer('accessKey', 'access-keys', 'enable', created.accessKeyId);
    await answer('accessKeyDeleted', 'access-keys', 'delete', created.accessKeyId);
  });

  test('errors: usage, validation and refusals', async () => {
    const usage = parse('error', await gatehouse('clients', 'show', '--json'));
    assert.equal(usage.error, 'usage');
    const invalid = parse(
      'error',
      await gatehouse('clients', 'create', '--name', 'x', '--scope', 'bad', '--json'),
    );
    assert.ok(invalid.issues && invalid.issues.length > 0);
    const missing = parse('error', await gatehouse('clients', 'show', 'nope', '--json'));
    assert.equal(missing.error, 'not_found');
  });

  test('reports', async () => {
    await answer('staleClientsReport', 'reports', 'stale-clients', '--days', '1');
    await answer('unusedScopesReport', 'reports', 'unused-scopes');
    await answer('secretsReport', 'reports', 'secrets', '--max-age-days', '1');
  });

  test('every kind of answer was parsed here or is parsed elsewhere', () => {
    const untested = Object.keys(cliOutputSchemas).filter(
      (kind) => !seen.has(kind as CliOutputKind) && !ELSEWHERE.includes(kind as CliOutputKind),
    );
    assert.deepEqual(untested, []);
  });
});

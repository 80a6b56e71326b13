// `gatehouse export | plan | apply`: the file round trip, pruning, JSON output, secrets out of stdout.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliOutput, cliOutputSchemas } from '@gatehouse/schemas';
import { parse } from 'yaml';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, type CliResult, initStore, ok, runInProcess } from '../cli/helpers.js';

const MINIMUM = `resourceServers:
  - identifier: lj-health-food
    name: LJ Health Food
    scopes: { place-order: Place an order, list-orders: List orders }
clients:
  - name: delivery-partner
    scopes: [lj-health-food/place-order]
`;

for (const name of backendNames()) {
  describe(`gatehouse export, plan and apply (${name})`, () => {
    let backend: TestBackend;
    const secrets: string[] = [];
    const gatehouse = async (...args: string[]): Promise<CliResult> => {
      await initStore(backend);
      return runInProcess(args, backend.env());
    };
    const file = (fileName: string, text: string) => {
      const path = join(backend.dataDir, fileName);
      writeFileSync(path, text);
      return path;
    };
    const plan = async (path: string, ...extra: string[]) =>
      cliOutputSchemas.configPlan.parse(await ok(gatehouse('plan', '-f', path, '--json', ...extra)));
    const keys = (p: CliOutput<'configPlan'>) => p.changes.map((c) => `${c.action} ${c.kind} ${c.key}`);

    before(async () => {
      backend = await createBackend(name);
      await ok(gatehouse('teams', 'create', '--slug', 'payments', '--name', 'Payments', '--json'));
    });
    after(() => backend.cleanup());

    test('the minimum file plans, applies, and then plans no changes', async () => {
      const path = file('minimum.yaml', MINIMUM);
      const human = await gatehouse('plan', '-f', path);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /^\+ create resource server lj-health-food$/m);
      assert.match(human.stdout, /^\+ create client delivery-partner$/m);
      assert.match(human.stdout, /^Plan: 2 to create, 0 to change, 0 to delete\.$/m);
      // --json is exactly { changes: [{ action, kind, key, … }] } (plus what is kept).
      const planned = await plan(path);
      assert.deepEqual(keys(planned), [
        'create resourceServer lj-health-food',
        'create client delivery-partner',
      ]);
      const applied = await gatehouse('apply', '-f', path);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /Applied: 2 created, 0 changed, 0 deleted\./);
      const secret = /client_secret (\S+)/.exec(applied.stdout)?.[1];
      assert.ok(secret, applied.stdout);
      secrets.push(secret);
      const again = await gatehouse('plan', '-f', path);
      assert.match(again.stdout, /No changes/);
      assert.deepEqual((await plan(path)).changes, []);
    });

    test('round trip: export, edit, plan shows the edit, apply, plan again shows nothing', async () => {
      const exported = await gatehouse('export');
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(
        exported.stdout,
        /^# yaml-language-server: \$schema=\S+\/api\/gatehouse-config\.schema\.json$/m,
      );
      const path = file('exported.yaml', exported.stdout);
      assert.deepEqual((await plan(path)).changes, [], 'an export plans no changes');
      const doc = parse(exported.stdout) as {
        resourceServers: { identifier: string; name: string; scopes: Record<string, string> }[];
        clients: { name: string; team?: string; scopes: string[]; description?: string }[];
      };
      const rs = doc.resourceServers.find((r) => r.identifier === 'lj-health-food');
      assert.ok(rs);
      rs.name = 'LJ Health';
      rs.scopes.refund = 'Refund an order';
      delete rs.scopes['list-orders'];
      const client = doc.clients.find((c) => c.name === 'delivery-partner');
      assert.ok(client);
      client.scopes = ['lj-health-food/refund'];
      client.description = 'Delivers orders';
      doc.clients.push({ name: 'billing', team: 'payments', scopes: [] });
      const edited = file('edited.yaml', JSON.stringify(doc));
      const human = await gatehouse('plan', '-f', edited);
      assert.match(human.stdout, /^~ update resource server lj-health-food$/m);
      assert.match(human.stdout, /^ {4}~ name: "LJ Health Food" → "LJ Health"$/m);
      assert.match(human.stdout, /^ {4}\+ scopes\.refund: "Refund an order"$/m);
      assert.match(human.stdout, /^ {4}- scopes\.list-orders: "List orders"$/m);
      assert.match(human.stdout, /^~ update client delivery-partner$/m);
      assert.match(human.stdout, /^ {4}\+ scopes: "lj-health-food\/refund"$/m);
      assert.match(human.stdout, /^ {4}- scopes: "lj-health-food\/place-order"$/m);
      assert.match(human.stdout, /^\+ create client billing \(team payments\)$/m);
      assert.match(human.stdout, /^Plan: 1 to create, 2 to change, 0 to delete\.$/m);
      const applied = cliOutputSchemas.configApplied.parse(
        await ok(gatehouse('apply', '-f', edited, '--json')),
      );
      assert.equal(applied.secrets.length, 1);
      secrets.push(...applied.secrets.map((s) => s.secret));
      assert.deepEqual((await plan(edited)).changes, []);
      const shown = await ok<CliOutput<'client'>>(
        gatehouse('clients', 'show', applied.created[0]?.id ?? '', '--json'),
      );
      assert.equal(shown.name, 'billing');
      const rsNow = await ok<CliOutput<'resourceServer'>>(
        gatehouse('resource-servers', 'show', 'lj-health-food', '--json'),
      );
      assert.equal(rsNow.name, 'LJ Health');
      assert.deepEqual(
        rsNow.scopes.map((s) => s.name),
        ['place-order', 'refund'],
      );
    });

    test('what the file leaves out is kept, and deleted only with --prune', async () => {
      const path = file(
        'only-api.yaml',
        'resourceServers: []\nclients:\n  - name: delivery-partner\n    description: Delivers orders\n    scopes: [lj-health-food/refund]\n',
      );
      const human = await gatehouse('plan', '-f', path);
      assert.match(
        human.stdout,
        /resource server lj-health-food: not in file, kept \(use --prune to delete\)/,
      );
      assert.match(human.stdout, /client billing \(team payments\): not in file, kept/);
      assert.match(human.stdout, /No changes/);
      // --team limits pruning to one team: the platform's API and client are untouched.
      const team = file('team.yaml', 'clients: []\n');
      const teamPlan = await plan(team, '--prune', '--team', 'payments');
      assert.deepEqual(keys(teamPlan), ['delete client billing']);
      const pruned = await plan(
        file('prune-plan.yaml', 'clients:\n  - name: delivery-partner\n    description: Delivers orders\n'),
        '--prune',
      );
      assert.deepEqual(keys(pruned).sort(), [
        'delete client billing',
        'delete resourceServer lj-health-food',
        'update client delivery-partner',
      ]);
      // The client keeps a scope of the API the prune deletes: the file contradicts itself.
      const refused = await gatehouse('plan', '-f', path, '--prune');
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /only-api\.yaml:5: clients\.0\.scopes\.0: no resource server matches "lj-health-food\/refund"/,
      );
    });

    test('--prune deletes; the same file again changes nothing', async () => {
      const path = file(
        'prune.yaml',
        'clients:\n  - name: delivery-partner\n    description: Delivers orders\n',
      );
      const applied = await ok<CliOutput<'configApplied'>>(
        gatehouse('apply', '-f', path, '--prune', '--json'),
      );
      assert.deepEqual(keys(applied).sort(), [
        'delete client billing',
        'delete resourceServer lj-health-food',
        'update client delivery-partner',
      ]);
      const servers = await ok<CliOutput<'resourceServers'>>(gatehouse('resource-servers', 'list', '--json'));
      assert.deepEqual(
        servers.map((s) => s.identifier),
        ['gatehouse-admin'],
      );
      assert.deepEqual((await plan(path, '--prune')).changes, []);
    });

    test('--secrets-out: a new file with mode 0600, secrets never on stdout, an existing file refused', async () => {
      const path = file(
        'secrets-case.yaml',
        'clients:\n  - name: delivery-partner\n    description: Delivers orders\n  - name: courier\n    team: payments\n',
      );
      const out = join(backend.dataDir, 'secrets.json');
      const applied = await gatehouse('apply', '-f', path, '--secrets-out', out, '--json');
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(statSync(out).mode & 0o777, 0o600);
      const written = JSON.parse(readFileSync(out, 'utf8')) as {
        secrets: { name: string; secret: string }[];
      };
      assert.deepEqual(
        written.secrets.map((s) => s.name),
        ['courier'],
      );
      const secret = written.secrets[0]?.secret ?? '';
      secrets.push(secret);
      assert.ok(secret.length > 20);
      assert.ok(!applied.stdout.includes(secret) && !applied.stderr.includes(secret));
      assert.deepEqual(applied.json<CliOutput<'configApplied'>>().secrets, []);
      assert.equal(applied.json<CliOutput<'configApplied'>>().secretsFile, out);
      // An existing file is never written over, and nothing is applied.
      const next = file('secrets-next.yaml', 'clients:\n  - name: courier-2\n    team: payments\n');
      const refused = await gatehouse('apply', '-f', next, '--secrets-out', out);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /already exists/);
      assert.equal(readFileSync(out, 'utf8'), JSON.stringify(written, null, 2) + '\n');
      assert.equal((await plan(next)).changes.length, 1, 'nothing was applied');
      // A failed apply leaves no secrets file behind.
      const failing = join(backend.dataDir, 'failing-secrets.json');
      const bad = file('bad-apply.yaml', 'clients:\n  - name: courier-3\n    scopes: [nowhere/x]\n');
      assert.equal((await gatehouse('apply', '-f', bad, '--secrets-out', failing)).code, 1);
      assert.equal(existsSync(failing), false);
    });

    test('syntax and validation errors name the file and line', async () => {
      const syntax = await gatehouse(
        'plan',
        '-f',
        file('syntax.yaml', 'clients:\n  - name: x\n   scopes: [a\n'),
      );
      assert.equal(syntax.code, 1);
      assert.match(syntax.stderr, /^error: \S*syntax\.yaml:3: /m);
      assertNoStack(syntax);
      const invalid = await gatehouse(
        'plan',
        '-f',
        file(
          'invalid.yaml',
          'resourceServers:\n  - identifier: ok-api\n    name: OK\n    tokenTtl: 5\nclients:\n  - name: y\n    grant_types: []\n',
        ),
        '--json',
      );
      assert.equal(invalid.code, 1);
      const error = invalid.json<CliOutput<'error'>>();
      assert.equal(error.error, 'validation_failed');
      assert.ok(
        error.issues?.some((i) =>
          /invalid\.yaml:4: resourceServers\.0\.tokenTtl: must be at least 60/.test(i),
        ),
        error.issues?.join('\n'),
      );
      assert.ok(
        error.issues?.some((i) => /invalid\.yaml:6: clients\.0: .*grant_types/.test(i)),
        error.issues?.join('\n'),
      );
      const claims = await gatehouse(
        'plan',
        '-f',
        file('claims.yaml', 'clients:\n  - name: z\n    claims:\n      sub: someone\n'),
      );
      assert.match(claims.stderr, /claims\.yaml:4: clients\.0\.claims\.sub: "sub" is a registered claim/);
      const missing = await gatehouse('plan', '-f', join(backend.dataDir, 'nope.yaml'));
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read/);
    });

    test('export never contains a secret', async () => {
      const exported = await gatehouse('export');
      assert.ok(secrets.length >= 3);
      for (const secret of secrets)
        assert.ok(!exported.stdout.includes(secret), 'a secret reached the export');
      assert.doesNotMatch(exported.stdout, /ghs_/);
      const team = await gatehouse('export', '--team', 'payments');
      const doc = parse(team.stdout) as { clients: { team: string }[]; resourceServers: unknown[] };
      assert.ok(doc.clients.length > 0 && doc.clients.every((c) => c.team === 'payments'));
    });
  });
}

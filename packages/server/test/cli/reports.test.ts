// `gatehouse reports …`, as an operator runs them: tables with their fixes, and --json.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliOutput, cliOutputSchemas } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { openGatehouse } from '../../src/services/gatehouse.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { TestClock } from '../support/clock.js';
import { assertNoStack, cliFor, initStore, ok } from './helpers.js';

const DAY = 86_400_000;

for (const name of backendNames()) {
  describe(`gatehouse reports (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let clientId: string;
    let secretId: string;

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      await initStore(backend);
      // Registered 200 days ago (the CLI runs on the real clock): stale, its scopes unused, its secret old.
      const g = await openGatehouse(backend.config(), { clock: new TestClock(Date.now() - 200 * DAY) });
      try {
        const team = await g.teams.create({ slug: 'shop', name: 'Shop' }, CLI_ACTOR);
        await g.resourceServers.create(
          { identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }, { name: 'write' }] },
          CLI_ACTOR,
          { teamId: team.id },
        );
        const made = await g.clients.create(
          { name: 'legacy', scopes: ['orders/read', 'orders/write'] },
          CLI_ACTOR,
          { teamId: team.id },
        );
        clientId = made.client.clientId;
        assert.ok(made.secret);
        secretId = made.secret.id;
      } finally {
        await g.close();
      }
    });
    after(() => backend.cleanup());

    test('stale-clients: a summary, a table and the command that fixes each row', async () => {
      const text = await gatehouse('reports', 'stale-clients');
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^1 enabled client got no token in 90 days \(1 never used\)\.$/m);
      assert.match(text.stdout, /^CLIENT ID +NAME +TEAM +AUTH +LAST USED +IDLE DAYS +OLDEST SECRET +FIX$/m);
      assert.match(
        text.stdout,
        new RegExp(
          `^${clientId} +legacy +shop +client_secret_basic +never +200 +200 days +gatehouse clients disable ${clientId}$`,
          'm',
        ),
      );
      const report = await ok<CliOutput<'staleClientsReport'>>(
        gatehouse('reports', 'stale-clients', '--days', '30', '--team', 'shop', '--json'),
      );
      cliOutputSchemas.staleClientsReport.parse(report);
      assert.equal(report.days, 30);
      assert.equal(report.team, 'shop');
      assert.deepEqual(
        report.clients.map((c) => [c.clientId, c.idleDays, c.lastUsedAt, c.oldestSecretAgeDays]),
        [[clientId, 200, null, 200]],
      );
      const longer = await ok<CliOutput<'staleClientsReport'>>(
        gatehouse('reports', 'stale-clients', '--days', '365', '--json'),
      );
      assert.deepEqual(longer.clients, []);
      assert.deepEqual(longer.summary, { stale: 0, neverUsed: 0 });
    });

    test('unused-scopes: each held scope with its origin and fix', async () => {
      const text = await gatehouse('reports', 'unused-scopes', '--days', '30');
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^2 scopes held by 1 client not requested in 30 days\.$/m);
      assert.match(
        text.stdout,
        new RegExp(
          `^${clientId} +legacy +shop +orders/write +direct +\\S+ +never +gatehouse clients permissions remove ${clientId} orders/write$`,
          'm',
        ),
      );
      const report = await ok<CliOutput<'unusedScopesReport'>>(
        gatehouse('reports', 'unused-scopes', '--json'),
      );
      cliOutputSchemas.unusedScopesReport.parse(report);
      assert.deepEqual(
        report.scopes.map((s) => [s.scope, s.origin.type, s.tokens]),
        [
          ['orders/read', 'direct', 0],
          ['orders/write', 'direct', 0],
        ],
      );
      assert.equal(report.includesRoles, true);
    });

    test('secrets: the policy age, overridable per run, and the rotation as two commands', async () => {
      const text = await gatehouse('reports', 'secrets');
      assert.equal(text.code, 0, text.stderr);
      assert.match(
        text.stdout,
        /^1 secret older than 180 days, 0 expiring within 14 days, 0 clients with more than one active secret\.$/m,
      );
      assert.match(text.stdout, /^Older than 180 days \(rotate\):$/m);
      assert.ok(
        text.stdout.includes(
          `gatehouse clients secrets add ${clientId} ; after deploying the new one: gatehouse clients secrets revoke ${clientId} ${secretId}`,
        ),
        text.stdout,
      );
      const report = await ok<CliOutput<'secretsReport'>>(gatehouse('reports', 'secrets', '--json'));
      cliOutputSchemas.secretsReport.parse(report);
      assert.deepEqual(
        report.old.map((s) => [s.clientId, s.secretId, s.ageDays]),
        [[clientId, secretId, 200]],
      );
      const relaxed = await ok<CliOutput<'secretsReport'>>(
        gatehouse('reports', 'secrets', '--max-age-days', '365', '--json'),
      );
      assert.equal(relaxed.maxAgeDays, 365);
      assert.deepEqual(relaxed.old, []);
      const policy = await gatehouse('reports', 'secrets', '--json');
      assert.equal(policy.json<CliOutput<'secretsReport'>>().maxAgeDays, 180);
      const fromEnv = cliFor(backend, { GATEHOUSE_SECRET_MAX_AGE_DAYS: '400' });
      const lenient = await ok<CliOutput<'secretsReport'>>(fromEnv('reports', 'secrets', '--json'));
      assert.equal(lenient.maxAgeDays, 400);
      assert.deepEqual(lenient.old, []);
    });

    test('bad flags are refused with the flag named, no stack trace', async () => {
      const zero = await gatehouse('reports', 'stale-clients', '--days', '0');
      assert.notEqual(zero.code, 0);
      assert.match(zero.stderr, /--days/);
      assertNoStack(zero);
      const word = await gatehouse('reports', 'unused-scopes', '--days', 'soon');
      assert.notEqual(word.code, 0);
      assert.match(word.stderr, /--days must be a whole number of days/);
      const team = await gatehouse('reports', 'secrets', '--team', 'nope');
      assert.notEqual(team.code, 0);
      assert.match(team.stderr, /no team "nope"/);
      assertNoStack(team);
    });

    test('help names every report', async () => {
      const help = await gatehouse('reports', '--help');
      assert.equal(help.code, 0);
      for (const word of ['stale-clients', 'unused-scopes', 'secrets'])
        assert.match(help.stdout, new RegExp(word));
    });
  });
}

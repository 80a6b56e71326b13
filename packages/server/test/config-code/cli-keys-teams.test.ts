// `gatehouse plan | apply` for clients with public keys, and runs limited to one team.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliOutput, cliOutputSchemas } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { type CliResult, initStore, ok, runInProcess } from '../cli/helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse plan and apply: keys and teams (${name})`, () => {
    let backend: TestBackend;
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

    before(async () => {
      backend = await createBackend(name);
      await ok(gatehouse('teams', 'create', '--slug', 'payments', '--name', 'Payments', '--json'));
    });
    after(() => backend.cleanup());

    test('private_key_jwt clients carry their public keys; the auth method is fixed; --team bounds the run', async () => {
      const signer = (uri: string, method = 'private_key_jwt') =>
        `clients:\n  - name: signer\n    team: payments\n    authMethod: ${method}\n    jwksUri: ${uri}\n`;
      const path = file('signer.yaml', signer('https://keys.example.com/jwks.json'));
      const applied = await ok<CliOutput<'configApplied'>>(gatehouse('apply', '-f', path, '--json'));
      assert.deepEqual(applied.secrets, [], 'a client with keys gets no secret');
      assert.deepEqual((await plan(path)).changes, []);
      const exported = await gatehouse('export', '--team', 'payments');
      assert.match(exported.stdout, /jwksUri: https:\/\/keys\.example\.com\/jwks\.json/);
      const moved = await plan(file('signer-2.yaml', signer('https://keys.example.com/v2/jwks.json')));
      assert.deepEqual(moved.changes[0]?.diff, [
        {
          field: 'jwksUri',
          op: '~',
          before: 'https://keys.example.com/jwks.json',
          after: 'https://keys.example.com/v2/jwks.json',
        },
      ]);
      const switched = await gatehouse(
        'plan',
        '-f',
        file('signer-3.yaml', 'clients:\n  - name: signer\n    team: payments\n'),
      );
      assert.equal(switched.code, 1);
      assert.match(switched.stderr, /signer-3\.yaml:\d+: clients\.0\.authMethod: .*fixed once created/);
      // An entry of another team in a run limited to one team is refused by its line.
      const other = await gatehouse(
        'plan',
        '-f',
        file('other-team.yaml', 'clients:\n  - name: x\n    team: payments\n'),
        '--team',
        'nope',
      );
      assert.equal(other.code, 1);
      assert.match(other.stderr, /no team "nope"/);
      await ok(gatehouse('teams', 'create', '--slug', 'logistics', '--name', 'Logistics', '--json'));
      const outside = await gatehouse(
        'plan',
        '-f',
        join(backend.dataDir, 'other-team.yaml'),
        '--team',
        'logistics',
      );
      assert.match(
        outside.stderr,
        /other-team\.yaml:3: clients\.0\.team: this run is limited to team "logistics"/,
      );
    });
  });
}

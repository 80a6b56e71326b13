// `gatehouse clients limits`, `teams limits` and `limits`, as an operator runs them.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok, registerOrders } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse … limits (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let clientId: string;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      clientId = (await registerOrders(gatehouse)).clientId;
    });
    after(() => backend.cleanup());

    test('set merges the parts given over those set; none removes one; clear removes all', async () => {
      let limits = await ok<CliOutput<'clientLimits'>>(
        gatehouse('clients', 'limits', 'set', clientId, '--rate', '600/m', '--burst', '20', '--json'),
      );
      assert.deepEqual(limits.own, { rate: 10, burst: 20 });
      limits = await ok(
        gatehouse('clients', 'limits', 'set', clientId, '--daily', '100000', '--observe', '--json'),
      );
      assert.deepEqual(limits.own, { rate: 10, burst: 20, daily: 100000, observe: true });
      limits = await ok(
        gatehouse('clients', 'limits', 'set', clientId, '--burst', 'none', '--enforce', '--json'),
      );
      assert.deepEqual(limits.own, { rate: 10, daily: 100000, observe: false });
      assert.deepEqual(limits.effective.sources, {
        rate: 'client',
        burst: 'default',
        daily: 'client',
        observe: 'client',
      });
      const text = await gatehouse('clients', 'limits', 'show', clientId);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^Own: +10\/s, 100000\/day, enforce$/m);
      assert.match(text.stdout, /^Rate: +10\/s \(client\)$/m);
      assert.match(text.stdout, /^Issued today \(\d{4}-\d\d-\d\d\): 0 of 100000$/m);
      limits = await ok(gatehouse('clients', 'limits', 'clear', clientId, '--json'));
      assert.deepEqual(limits.own, {});
    });

    test('the platform default and a team default show in the client view', async () => {
      await ok(gatehouse('teams', 'create', '--slug', 'shop', '--name', 'Shop', '--json'));
      await ok(gatehouse('limits', 'set', '--rate', '100/s', '--daily', '5000', '--json'));
      const team = await ok<CliOutput<'teamLimits'>>(
        gatehouse('teams', 'limits', 'set', 'shop', '--daily', '50', '--json'),
      );
      assert.deepEqual(team.own, { daily: 50 });
      const platform = await ok<CliOutput<'platformLimits'>>(gatehouse('limits', 'show', '--json'));
      assert.deepEqual(platform.own, { rate: 100, daily: 5000 });
      const limits = await ok<CliOutput<'clientLimits'>>(
        gatehouse('clients', 'limits', 'show', clientId, '--json'),
      );
      assert.deepEqual([limits.effective.rate, limits.effective.sources.rate], [100, 'platform']);
      await ok(gatehouse('limits', 'clear', '--json'));
    });

    test('bad values are usage errors that name the flag', async () => {
      for (const [args, message] of [
        [['--rate', '50/d'], /--rate must be a number per second, minute or hour/],
        [['--burst', '0'], /--burst must be a whole number of at least 1, or none/],
        [['--daily', 'lots'], /--daily must be a whole number of at least 1, or none/],
        [['--observe', '--enforce'], /give --observe or --enforce, not both/],
        [[], /nothing to set/],
      ] as const) {
        const done = await gatehouse('clients', 'limits', 'set', clientId, ...args);
        assert.equal(done.code, 2, `${args.join(' ')}: ${done.stderr}`);
        assert.match(done.stderr, message);
        assertNoStack(done);
      }
      const missing = await gatehouse('clients', 'limits', 'show', 'nope');
      assert.equal(missing.code === 0, false);
      assert.match(missing.stderr, /no client "nope"/);
    });
  });
}

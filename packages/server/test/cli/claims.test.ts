// `gatehouse clients claims`, `resource-servers claims` and `resource-servers hook`, as an operator runs them.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CliOutput } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok, registerOrders } from './helpers.js';

for (const name of backendNames()) {
  describe(`gatehouse … claims and hook (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    let clientId: string;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      clientId = (await registerOrders(gatehouse)).clientId;
    });
    after(() => backend.cleanup());

    test('set reads JSON values, --string keeps strings; unset removes; show prints them', async () => {
      let view = await ok<CliOutput<'claims'>>(
        gatehouse(
          'clients',
          'claims',
          'set',
          clientId,
          'tenant=acme',
          'tier=3',
          'beta=true',
          'regions=["eu","us"]',
          'meta={"a":1}',
          'zip="01234"',
          '--string',
          'code=42',
          '--json',
        ),
      );
      assert.deepEqual(view.claims, {
        tenant: 'acme',
        tier: 3,
        beta: true,
        regions: ['eu', 'us'],
        meta: { a: 1 },
        zip: '01234',
        code: '42',
      });
      view = await ok(gatehouse('clients', 'claims', 'unset', clientId, 'tier', 'beta', '--json'));
      assert.deepEqual(Object.keys(view.claims).sort(), ['code', 'meta', 'regions', 'tenant', 'zip']);
      const text = await gatehouse('clients', 'claims', 'show', clientId);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^tenant +acme$/m);
      assert.match(text.stdout, /^regions +\["eu","us"\]$/m);
    });

    test('a registered claim is refused with an error naming the key', async () => {
      const refused = await gatehouse('clients', 'claims', 'set', clientId, 'sub=me');
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /claims\.sub: "sub" is a registered claim/);
      assertNoStack(refused);
      const bad = await gatehouse('clients', 'claims', 'set', clientId, 'novalue');
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /"novalue" is not KEY=VALUE/);
      const rs = await gatehouse('resource-servers', 'claims', 'set', 'orders', 'client_id=x');
      assert.match(rs.stderr, /claims\.client_id: "client_id" is a registered claim/);
    });

    test('resource server claims, and the hook: secret printed once, never shown again', async () => {
      const view = await ok<CliOutput<'claims'>>(
        gatehouse('resource-servers', 'claims', 'set', 'orders', 'api=orders', '--json'),
      );
      assert.deepEqual(view.claims, { api: 'orders' });
      const plain = await gatehouse(
        'resource-servers',
        'hook',
        'set',
        'orders',
        '--url',
        'http://hooks.test/x',
      );
      assert.notEqual(plain.code, 0);
      assert.match(plain.stderr, /https/);
      const created = await gatehouse(
        'resource-servers',
        'hook',
        'set',
        'orders',
        '--url',
        'https://hooks.test/claims',
        '--timeout-ms',
        '250',
        '--fail-open',
      );
      assert.equal(created.code, 0, created.stderr);
      const secret = /Signing secret \(shown once\): (ghhook_\S+)/.exec(created.stdout)?.[1];
      assert.ok(secret, created.stdout);
      const shown = await gatehouse('resource-servers', 'hook', 'show', 'orders');
      assert.match(shown.stdout, /^URL: +https:\/\/hooks\.test\/claims$/m);
      assert.match(shown.stdout, /^Timeout: +250 ms$/m);
      assert.match(shown.stdout, /fail open/);
      assert.ok(!shown.stdout.includes(secret));
      const changed = await ok<CliOutput<'tokenHookSecret'>>(
        gatehouse('resource-servers', 'hook', 'set', 'orders', '--url', 'https://hooks.test/v2', '--json'),
      );
      assert.equal(changed.secret, undefined);
      assert.equal(changed.hook.failMode, 'open', 'flags left out keep their value');
      const rotated = await ok<CliOutput<'tokenHookSecret'>>(
        gatehouse('resource-servers', 'hook', 'rotate-secret', 'orders', '--json'),
      );
      assert.ok(rotated.secret && rotated.secret !== secret);
      const cleared = await ok<CliOutput<'tokenHook'>>(
        gatehouse('resource-servers', 'hook', 'clear', 'orders', '--json'),
      );
      assert.equal(cleared.hook, null);
    });
  });
}

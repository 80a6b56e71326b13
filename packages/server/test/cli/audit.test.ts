import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AuditEventView, cliOutputSchemas } from '@gatehouse/schemas';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { assertNoStack, cliFor, ok } from './helpers.js';

type Page = { events: AuditEventView[]; nextCursor: string | null };

for (const name of backendNames()) {
  describe(`gatehouse audit list (${name})`, () => {
    let backend: TestBackend;
    let gatehouse: ReturnType<typeof cliFor>;
    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
    });
    after(() => backend.cleanup());

    test('signing key events: the first start, then a pre-publication by the CLI, with no key material', async () => {
      await ok(gatehouse('keys', 'rotate', '--alg', 'ES256', '--prepublish', '--json'));
      const page = await ok<Page>(gatehouse('audit', 'list', '--target-type', 'signing_key', '--json'));
      cliOutputSchemas.auditEvents.parse(page);
      const actions = page.events.map((e) => [e.action, e.actor.type, e.target.name]);
      assert.deepEqual(actions[0], ['key.prepublish', 'cli', 'ES256']);
      assert.deepEqual(actions.slice(1).sort(), [
        ['key.activate', 'system', 'ES256'],
        ['key.activate', 'system', 'EdDSA'],
        ['key.activate', 'system', 'RS256'],
      ]);
      for (const event of page.events) {
        assert.equal(event.target.type, 'signing_key');
        assert.doesNotMatch(JSON.stringify(event), /"(d|x|y|n|e)":|BEGIN/);
      }
      const prefixed = await ok<Page>(gatehouse('audit', 'list', '--action', 'key.prepublish', '--json'));
      assert.equal(prefixed.events.length, 1);
    });

    test('the table names when, who, what and which key', async () => {
      const table = await gatehouse('audit', 'list', '--action', 'key', '--limit', '2');
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^WHEN +WHO +ACTION +TARGET +TEAM$/m);
      assert.match(table.stdout, /^\d{4}-\d\d-\d\dT\S+ +cli +key\.prepublish +signing_key ES256 \S+ +-$/m);
      assert.equal(table.stdout.trim().split('\n').length, 3);
    });

    test('bad flags are usage errors (exit 2) without a stack', async () => {
      for (const args of [
        ['--since', 'yesterday-ish'],
        ['--limit', '0'],
        ['--limit', '5000'],
      ]) {
        const result = await gatehouse('audit', 'list', ...args);
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
        assertNoStack(result);
      }
    });
  });
}

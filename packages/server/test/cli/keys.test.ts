import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningServer } from '../../src/serve.js';
import type { KeyInfo } from '../../src/services/keys.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { type CreatedClientJson, cliFor, ok, registerOrders, requestToken, within } from './helpers.js';

async function jwksKids(server: RunningServer): Promise<string[]> {
  const response = await fetch(`${server.url}/.well-known/jwks.json`);
  const body = (await response.json()) as { keys: { kid: string }[] };
  return body.keys.map((k) => k.kid);
}

function kidOf(token: unknown): string {
  const header = JSON.parse(Buffer.from(String(token).split('.')[0] ?? '', 'base64url').toString()) as {
    kid: string;
  };
  return header.kid;
}

const byState = (keys: KeyInfo[], alg: string) =>
  Object.fromEntries(
    ['next', 'active', 'retired'].map((s) => [
      s,
      keys.filter((k) => k.alg === alg && k.state === s).map((k) => k.kid),
    ]),
  );

for (const name of backendNames()) {
  describe(`gatehouse keys (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let gatehouse: ReturnType<typeof cliFor>;
    let client: CreatedClientJson;
    const tokenKid = async () => {
      const answer = await requestToken(
        server.url,
        client.clientId,
        client.clientSecret ?? '',
        'orders/read',
      );
      assert.equal(answer.status, 200);
      return kidOf(answer.body?.access_token);
    };

    before(async () => {
      backend = await createBackend(name);
      gatehouse = cliFor(backend);
      client = await registerOrders(gatehouse);
      server = await startTestServer(backend);
    });
    after(async () => {
      await server?.close();
      await backend.cleanup();
    });

    test('list shows one active key per algorithm', async () => {
      const keys = await ok<KeyInfo[]>(gatehouse('keys', 'list', '--json'));
      assert.deepEqual(keys.map((k) => [k.alg, k.state]).sort(), [
        ['ES256', 'active'],
        ['EdDSA', 'active'],
        ['RS256', 'active'],
      ]);
      const table = await gatehouse('keys', 'list');
      assert.match(table.stdout, /^KID +ALG +STATE +CREATED +ACTIVATED +RETIRED +PUBLISHED UNTIL$/m);
      assert.match(table.stdout, /^\S{43} +ES256 +active +\d{4}-/m);
    });

    test('rotate --prepublish publishes the next key within 1 s; rotate makes it sign', async () => {
      const before = byState(await ok<KeyInfo[]>(gatehouse('keys', 'list', '--json')), 'ES256');
      const oldKid = before.active?.[0] ?? '';
      assert.equal(await tokenKid(), oldKid);

      const published = await gatehouse('keys', 'rotate', '--prepublish', '--alg', 'ES256');
      assert.equal(published.code, 0, published.stderr);
      const keys = await ok<KeyInfo[]>(gatehouse('keys', 'list', '--json'));
      const states = byState(keys, 'ES256');
      assert.equal(states.active?.[0], oldKid);
      assert.equal(states.next?.length, 1);
      const nextKid = states.next?.[0] ?? '';
      assert.ok(published.stdout.startsWith(`ES256: published next key ${nextKid}; ${oldKid} still signs.`));
      await within('next key in the JWKS', async () => (await jwksKids(server)).includes(nextKid), 3000);
      assert.equal(await tokenKid(), oldKid, 'the next key does not sign yet');

      const twice = await gatehouse('keys', 'rotate', '--prepublish', '--alg', 'ES256', '--json');
      assert.equal(twice.code, 1);
      assert.equal(twice.json<{ error: string }>().error, 'conflict');

      const rotated = await ok<{ keys: KeyInfo[] }>(gatehouse('keys', 'rotate', '--alg', 'ES256', '--json'));
      assert.deepEqual(byState(rotated.keys, 'ES256'), { next: [], active: [nextKid], retired: [oldKid] });
      const retired = rotated.keys.find((k) => k.kid === oldKid);
      assert.ok(retired?.publishUntil && Date.parse(retired.publishUntil) > Date.now() + 86_400_000);
      await within('tokens signed by the new key', async () => (await tokenKid()) === nextKid, 3000);
      const kids = await jwksKids(server);
      assert.ok(kids.includes(oldKid) && kids.includes(nextKid), 'the retired key stays published');
    });

    test('rotate without --alg rotates every algorithm', async () => {
      const beforeKeys = await ok<KeyInfo[]>(gatehouse('keys', 'list', '--json'));
      const result = await ok<{ rotated: string[]; keys: KeyInfo[] }>(gatehouse('keys', 'rotate', '--json'));
      assert.deepEqual(result.rotated, ['ES256', 'RS256', 'EdDSA']);
      for (const alg of ['ES256', 'RS256', 'EdDSA']) {
        const was = byState(beforeKeys, alg).active?.[0];
        const now = byState(result.keys, alg);
        assert.equal(now.active?.length, 1, alg);
        assert.notEqual(now.active?.[0], was, alg);
        assert.ok(now.retired?.includes(was ?? ''), alg);
      }
    });

    test('--prepublish for all algorithms refuses as a whole when one already has a next key', async () => {
      await ok(gatehouse('keys', 'rotate', '--prepublish', '--alg', 'RS256', '--json'));
      const before = await ok<KeyInfo[]>(gatehouse('keys', 'list', '--json'));
      const result = await gatehouse('keys', 'rotate', '--prepublish');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: a next key is already published for RS256 \(/);
      assert.deepEqual(await ok<KeyInfo[]>(gatehouse('keys', 'list', '--json')), before, 'nothing changed');
    });
  });
}

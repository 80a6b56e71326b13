import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  assertOAuthError,
  basic,
  describeEachBackend,
  type Gate,
  postForm,
  type RegisteredClient,
  send,
} from './harness.js';

const RESOURCE = 'stock';
const TTL = 60;

async function setUp(gate: Gate): Promise<void> {
  await gate.resourceServer({
    identifier: RESOURCE,
    name: 'Stock',
    tokenTtl: TTL,
    scopes: [{ name: 'read' }],
  });
}

async function revoke(gate: Gate, client: RegisteredClient, token?: string) {
  const value = token ?? (await gate.token(client, { resource: RESOURCE })).access_token;
  return postForm(gate.revocationEndpoint, { token: value }, basic(client.clientId, client.secret));
}

async function listedCount(gate: Gate): Promise<number> {
  await gate.server.runtime.poll();
  const answer = await send(`${gate.issuer}/oauth2/revocations`);
  return (JSON.parse(answer.text) as { revoked_tokens: unknown[] }).revoked_tokens.length;
}

describeEachBackend(
  'revocation rate per client (GATEHOUSE_REVOKE_PER_MINUTE=3)',
  (gate) => {
    let caller: RegisteredClient;
    let bystander: RegisteredClient;

    before(async () => {
      await setUp(gate);
      caller = await gate.client({ scopes: [`${RESOURCE}/read`] });
      bystander = await gate.client({ scopes: [`${RESOURCE}/read`] });
    });

    test('past its rate a client gets 429 slow_down with Retry-After, and nothing is listed', async () => {
      const tokens: string[] = [];
      for (let i = 0; i < 3; i++) {
        const token = (await gate.token(caller, { resource: RESOURCE })).access_token;
        tokens.push(token);
        assert.equal((await revoke(gate, caller, token)).status, 200);
      }
      const refused = await revoke(gate, caller);
      assertOAuthError(refused, 429, 'slow_down');
      // Three a minute: one more allowance every 20 s.
      assert.equal(refused.headers.get('retry-after'), '20');
      assert.match(String(refused.body?.error_description), /at most 3 tokens a minute/);
      assert.equal(await listedCount(gate), 3);

      // Revoking an already revoked token, or something that is no token, lists nothing and costs nothing.
      assert.equal((await revoke(gate, caller, tokens[0])).status, 200);
      assert.equal((await revoke(gate, caller, 'not-a-token')).status, 200);
      // Other clients have their own allowance.
      assert.equal((await revoke(gate, bystander)).status, 200);
    });

    test('the allowance refills with time', async () => {
      assertOAuthError(await revoke(gate, caller), 429, 'slow_down');
      gate.clock.advance(20_000);
      assert.equal((await revoke(gate, caller)).status, 200);
      assertOAuthError(await revoke(gate, caller), 429, 'slow_down');
    });
  },
  { env: { GATEHOUSE_REVOKE_PER_MINUTE: '3' } },
);

describeEachBackend(
  'revocation list size cap (GATEHOUSE_REVOCATION_LIST_MAX=100)',
  (gate) => {
    let caller: RegisteredClient;

    before(async () => {
      await setUp(gate);
      caller = await gate.client({ scopes: [`${RESOURCE}/read`] });
    });

    test('a full list refuses revocations with 503 until entries expire; disabling a client still works', async () => {
      for (let i = 0; i < 100; i++) assert.equal((await revoke(gate, caller)).status, 200);
      const refused = await revoke(gate, caller);
      assertOAuthError(refused, 503, 'temporarily_unavailable');
      // The first entries leave a minute after their tokens expire.
      assert.equal(refused.headers.get('retry-after'), String(TTL + 60));
      assertOAuthError(await revoke(gate, caller), 503, 'temporarily_unavailable');
      assert.equal(
        gate.logs.filter((entry) => entry.msg.startsWith('revocation list is full')).length,
        1,
        'said once, not per refused request',
      );
      assert.equal(await listedCount(gate), 100);

      const other = await gate.client({ scopes: [`${RESOURCE}/read`] });
      await gate.setEnabled(other.clientId, false);
      const list = JSON.parse((await send(`${gate.issuer}/oauth2/revocations`)).text) as {
        disabled_clients: string[];
      };
      assert.ok(list.disabled_clients.includes(other.clientId));

      gate.clock.advance((TTL + 61) * 1000);
      assert.equal((await revoke(gate, caller)).status, 200);
      assert.equal(await listedCount(gate), 1);
    });
  },
  { env: { GATEHOUSE_REVOKE_PER_MINUTE: '0', GATEHOUSE_REVOCATION_LIST_MAX: '100' } },
);

describe('revocation limits configuration', () => {
  test('defaults, and values that are refused with the setting named', () => {
    const defaults = loadConfig({}, {});
    assert.equal(defaults.revokePerMinute, 60);
    assert.equal(defaults.revocationListMax, 100_000);
    assert.equal(loadConfig({}, { GATEHOUSE_REVOKE_PER_MINUTE: '0' }).revokePerMinute, 0);
    assert.throws(() => loadConfig({}, { GATEHOUSE_REVOKE_PER_MINUTE: '-1' }), {
      name: ConfigError.name,
      message: /GATEHOUSE_REVOKE_PER_MINUTE/,
    });
    assert.throws(() => loadConfig({}, { GATEHOUSE_REVOCATION_LIST_MAX: '10' }), {
      name: ConfigError.name,
      message: /GATEHOUSE_REVOCATION_LIST_MAX must be a whole number from 100/,
    });
  });
});

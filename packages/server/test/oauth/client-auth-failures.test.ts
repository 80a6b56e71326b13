import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { metric } from '../support/metrics.js';
import {
  assertOAuthError,
  basic,
  describeEachBackend,
  postForm,
  type RegisteredClient,
  type WireAnswer,
} from './harness.js';

const GRANT = { grant_type: 'client_credentials', scope: 'orders/read' };
const PER_CLIENT = 5;
const PER_ADDRESS = 30;
const WINDOW_MS = 60_000;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function assertSlowDown(answer: WireAnswer): void {
  assertOAuthError(answer, 429, 'slow_down');
  const retryAfter = Number(answer.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_MS / 1000, answer.text);
}

describeEachBackend(
  'failed client authentication',
  (gate) => {
    let victim: RegisteredClient;
    let bystander: RegisteredClient;
    const wrongSecrets: string[] = [];
    const failures = () => metric(gate.server.url, 'gatehouse_client_auth_failures_total');
    const token = (client: RegisteredClient, secret = client.secret) =>
      postForm(gate.tokenEndpoint, GRANT, basic(client.clientId, secret));

    before(async () => {
      await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
      victim = await gate.client({ scopes: ['orders/read'] });
      bystander = await gate.client({ scopes: ['orders/read'] });
    });

    test('a client id past its limit gets 429 slow_down for further failures; its right secret still works', async () => {
      const before = await failures();
      for (let i = 0; i < PER_CLIENT; i++) {
        const wrong = `wrong-secret-${i}-${'x'.repeat(30)}`;
        wrongSecrets.push(wrong);
        assertOAuthError(await token(victim, wrong), 401, 'invalid_client');
      }
      const over = await token(victim, 'wrong-secret-over-the-limit-xxxxxxxxxxxx');
      wrongSecrets.push('wrong-secret-over-the-limit-xxxxxxxxxxxx');
      assertSlowDown(over);
      assert.equal((await failures()) - before, PER_CLIENT + 1);
      // Client ids are public: a flood of wrong secrets must not lock the real client out.
      assert.equal((await token(victim)).status, 200);
      assert.equal((await token(bystander)).status, 200);

      const warned = gate.logs.filter((e) => e.level === 'warn' && /over the limit/.test(e.msg));
      assert.equal(warned.length, 1, JSON.stringify(warned));
      assert.equal(warned[0]?.client_id, victim.clientId);
      assert.equal(warned[0]?.address, '127.0.0.1');
      const text = JSON.stringify(gate.logs);
      for (const secret of wrongSecrets) assert.ok(!text.includes(secret), 'a presented secret was logged');
    });

    test('once the window ends: one aggregated warning for it, and failures answer 401 again', async () => {
      gate.clock.advance(WINDOW_MS);
      assertOAuthError(await token(victim, 'wrong-secret-next-window-xxxxxxxxxx'), 401, 'invalid_client');
      const summary = gate.logs.filter(
        (e) => e.level === 'warn' && e.msg === 'failed client authentications',
      );
      assert.equal(summary.length, 1, JSON.stringify(summary));
      assert.equal(summary[0]?.client_id, victim.clientId);
      assert.equal(summary[0]?.address, '127.0.0.1');
      assert.equal(summary[0]?.failures, PER_CLIENT + 1);
    });

    test('introspection, revocation and bad assertions count too; an address past its limit gets 429 for everything', async () => {
      gate.clock.advance(WINDOW_MS);
      const before = await failures();
      const endpoints = [gate.tokenEndpoint, gate.introspectionEndpoint, gate.revocationEndpoint];
      let sent = 0;
      while (sent < PER_ADDRESS) {
        const url = endpoints[sent % endpoints.length] ?? gate.tokenEndpoint;
        // Unknown clients each time, so no single client id reaches its own limit first.
        const unknown = basic(`unknown-client-${sent}`, 'not-a-secret');
        const answer =
          sent % 5 === 4
            ? await postForm(url, {
                ...GRANT,
                token: 'x',
                client_assertion_type: JWT_BEARER,
                client_assertion: 'not.a.jwt',
              })
            : await postForm(url, { ...GRANT, token: 'x' }, unknown);
        assertOAuthError(answer, 401, 'invalid_client');
        sent++;
      }
      assert.equal((await failures()) - before, PER_ADDRESS);
      // Past the limit, this address is refused before its credentials are read: even good ones.
      assertSlowDown(await token(bystander));
      assertSlowDown(
        await postForm(
          gate.introspectionEndpoint,
          { token: 'x' },
          basic(bystander.clientId, bystander.secret),
        ),
      );
      assert.equal((await failures()) - before, PER_ADDRESS, 'refused requests are not failures');
      assert.ok((await metric(gate.server.url, 'gatehouse_client_auth_throttled_total')) >= 3);

      gate.clock.advance(WINDOW_MS);
      assert.equal((await token(bystander)).status, 200);
    });
  },
  {
    env: {
      GATEHOUSE_CLIENT_AUTH_MAX_FAILURES: String(PER_CLIENT),
      GATEHOUSE_CLIENT_AUTH_ADDRESS_MAX_FAILURES: String(PER_ADDRESS),
      GATEHOUSE_CLIENT_AUTH_WINDOW_SECONDS: String(WINDOW_MS / 1000),
    },
  },
);

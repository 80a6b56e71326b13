import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertOAuthError, basic, describeEachBackend, postForm, type RegisteredClient } from './harness.js';

// Markup a page showing the description would run (no '/', so it reads as a short scope), and a
// length no description needs.
const MARKER = '<script>alert(1)';
const HOSTILE = `${MARKER}${'A'.repeat(2000)}`;

describeEachBackend('error descriptions never echo the request', (gate) => {
  let client: RegisteredClient;
  const asClient = (params: [string, string][]) =>
    postForm(gate.tokenEndpoint, params, basic(client.clientId, client.secret));

  before(async () => {
    await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
    client = await gate.client({ scopes: ['orders/read'] });
  });

  const GRANT: [string, string] = ['grant_type', 'client_credentials'];
  // What each request sends, the error it gets, and what the log must name.
  const cases: [string, [string, string][], string, string][] = [
    ['grant_type', [['grant_type', HOSTILE]], 'unsupported_grant_type', MARKER],
    ['resource', [GRANT, ['resource', HOSTILE]], 'invalid_target', MARKER],
    ['a qualified scope', [GRANT, ['scope', `nope${HOSTILE}/read`]], 'invalid_target', MARKER],
    [
      'a short scope with its resource',
      [GRANT, ['resource', 'orders'], ['scope', HOSTILE]],
      'invalid_scope',
      MARKER,
    ],
    ['a short scope without a resource', [GRANT, ['scope', HOSTILE]], 'invalid_scope', MARKER],
    ['a repeated parameter name', [GRANT, [HOSTILE, 'a'], [HOSTILE, 'b']], 'invalid_request', MARKER],
    [
      'a parameter name with a control character',
      [GRANT, [`${HOSTILE}\u0007`, 'a']],
      'invalid_request',
      MARKER,
    ],
    // The value itself is never logged: only the name of the parameter that held it.
    [
      'a parameter value with a control character',
      [GRANT, ['scope', `${MARKER}\u001b[0m`]],
      'invalid_request',
      'scope',
    ],
  ];
  for (const [name, params, error, logged] of cases) {
    test(`${name}: the answer does not hold it, the log does`, async () => {
      const before = gate.logs.length;
      const answer = await asClient(params);
      assertOAuthError(answer, 400, error);
      assert.ok(!answer.text.includes(MARKER), `the answer echoes the request: ${answer.text}`);
      assert.ok(answer.text.length < 300, 'the answer is bounded');
      const refused = gate.logs.slice(before).filter((entry) => entry.msg === 'request refused');
      assert.equal(refused.length, 1, 'the refusal is logged once');
      const detail = JSON.stringify(refused[0]?.detail);
      assert.ok(detail.includes(logged), `the log names what was refused: ${detail}`);
      assert.ok(detail.length < 300, 'the logged value is bounded');
    });
  }
});

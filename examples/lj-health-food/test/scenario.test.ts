import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../src/scenario.js';

test('the LJ Health Food scenario runs end to end', async () => {
  const result = await runScenario();
  assert.equal(result.placed.status, 201, JSON.stringify(result.placed.body));
  assert.equal((result.placed.body as { item?: string }).item, 'Green smoothie bowl');
  assert.equal(result.listed.status, 403);
  assert.match(result.listed.wwwAuthenticate ?? '', /error="insufficient_scope"/);
  assert.match(result.listed.wwwAuthenticate ?? '', /scope="list-orders"/);
  assert.equal(result.refused.status, 401, 'the disabled partner is refused');
  assert.deepEqual(result.refused.body, { error: 'invalid_client', error_description: 'client is disabled' });
  assert.ok(result.refusedAfterMs < 10_000, `refused after ${result.refusedAfterMs} ms`);
  assert.equal(result.steps.length, 7);
});

import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Usage } from '@gatehouse/schemas';
import { assertApiError, describeEachBackend, ok } from './harness.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describeEachBackend('admin API client usage', (gate) => {
  let reader: { clientId: string; secret: string };
  let idle: string;

  const usage = async (query = '') =>
    ok(await gate.admin.get<Usage>(`/api/v1/clients/${reader.clientId}/usage${query}`));
  const issue = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const answer = await gate.token(reader.clientId, reader.secret, 'metrics/read');
      assert.equal(answer.status, 200, answer.text);
    }
  };

  before(async () => {
    const team = await gate.team(gate.admin, 'metrics-team');
    await gate.resourceServer(gate.admin, team.id, {
      identifier: 'metrics',
      name: 'M',
      scopes: [{ name: 'read' }],
    });
    const made = await gate.client(gate.admin, team.id, { name: 'reader', scopes: ['metrics/read'] });
    reader = { clientId: made.client.clientId, secret: made.secret };
    idle = (await gate.client(gate.admin, team.id, { name: 'idle' })).client.clientId;
  });

  test('a client that never got a token: 30 days of zeros, no last use', async () => {
    const answer = ok(await gate.admin.get<Usage>(`/api/v1/clients/${idle}/usage`));
    assert.equal(answer.days.length, 30);
    assert.ok(answer.days.every((d) => d.count === 0));
    assert.equal(answer.total, 0);
    assert.equal(answer.lastUsedAt, null);
  });

  test('N tokens today: today counts N, the window is 30 days ending today, lastUsedAt is set', async () => {
    gate.clock.advance(9 * 3600_000);
    await gate.renewAdmin();
    await issue(3);
    const answer = await usage();
    assert.equal(answer.days.length, 30);
    assert.deepEqual(answer.days.at(-1), { day: day(gate.clock.now()), count: 3 });
    assert.equal(answer.days[0]?.day, day(gate.clock.now() - 29 * DAY));
    assert.equal(answer.total, 3);
    assert.equal(answer.lastUsedAt, new Date(gate.clock.now()).toISOString());
    const client = ok(await gate.admin.get(`/api/v1/clients/${reader.clientId}`));
    assert.equal(client.lastUsedAt, answer.lastUsedAt);
  });

  test('days add up across a day boundary, and ?days= sets the window', async () => {
    const yesterday = day(gate.clock.now());
    gate.clock.advance(DAY);
    await gate.renewAdmin();
    await issue(2);
    const answer = await usage();
    assert.deepEqual(answer.days.slice(-2), [
      { day: yesterday, count: 3 },
      { day: day(gate.clock.now()), count: 2 },
    ]);
    assert.equal(answer.total, 5);
    const week = await usage('?days=7');
    assert.equal(week.days.length, 7);
    assert.equal(week.total, 5);
    const today = await usage('?days=1');
    assert.deepEqual(today.days, [{ day: day(gate.clock.now()), count: 2 }]);
    assert.equal(today.total, 2);
  });

  test('a refused token request is not counted', async () => {
    const before = (await usage()).total;
    const refused = await gate.token(reader.clientId, 'wrong secret value', 'metrics/read');
    assert.equal(refused.status, 401);
    assert.equal((await usage()).total, before);
  });

  test('usage is a client read: unknown client 404, another team 403', async () => {
    assertApiError(await gate.admin.get('/api/v1/clients/gh_nobody/usage'), 404, 'not_found');
    const stranger = await gate.user('stranger@example.com');
    assertApiError(await stranger.get(`/api/v1/clients/${reader.clientId}/usage`), 403, 'forbidden');
  });
});

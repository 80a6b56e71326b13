import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { silentLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { basic, describeEachBackend, postForm, type RegisteredClient, send } from './harness.js';

const RESOURCE = 'ledger';
const TTL = 60;

interface ListAnswer {
  issuer: string;
  generated_at: number;
  full: boolean;
  cursor: string;
  revoked_tokens: { jti: string; exp: number }[];
  disabled_clients: string[];
  enabled_clients?: string[];
}

describeEachBackend('revocation list deltas (?since=cursor)', (gate) => {
  let caller: RegisteredClient;
  let second: RunningServer | undefined;

  before(async () => {
    await gate.resourceServer({
      identifier: RESOURCE,
      name: 'Ledger',
      tokenTtl: TTL,
      scopes: [{ name: 'read' }],
    });
    caller = await gate.client({ scopes: [`${RESOURCE}/read`] });
  });
  after(async () => {
    await second?.close();
  });

  async function list(since?: string, base = gate.issuer): Promise<ListAnswer> {
    const query = since === undefined ? '' : `?since=${encodeURIComponent(since)}`;
    const answer = await send(`${base}/oauth2/revocations${query}`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get('cache-control'), 'public, max-age=5');
    return JSON.parse(answer.text) as ListAnswer;
  }

  /** A fresh token of `caller`, revoked at /oauth2/revoke, and the change log read back. */
  async function revokeOne(): Promise<{ jti: string; exp: number }> {
    const token = (await gate.token(caller, { resource: RESOURCE })).access_token;
    const revoked = await postForm(gate.revocationEndpoint, { token }, basic(caller.clientId, caller.secret));
    assert.equal(revoked.status, 200, revoked.text);
    await gate.server.runtime.poll();
    const { jti, exp } = decodeJwt(token);
    return { jti: String(jti), exp: Number(exp) };
  }

  test('without a cursor the answer is the whole list, marked full, with a cursor to continue from', async () => {
    const first = await revokeOne();
    const doc = await list();
    assert.equal(doc.full, true);
    assert.equal(typeof doc.cursor, 'string');
    assert.ok(doc.revoked_tokens.some((t) => t.jti === first.jti));
    assert.deepEqual(doc.disabled_clients, []);
    assert.equal(doc.enabled_clients, undefined, 'a full list has nothing to re-enable');
  });

  test('with a cursor only what changed after it comes back, and nothing when nothing did', async () => {
    const start = await list();
    const next = await revokeOne();
    const delta = await list(start.cursor);
    assert.equal(delta.full, false);
    assert.deepEqual(delta.revoked_tokens, [next]);
    assert.deepEqual(delta.disabled_clients, []);
    assert.deepEqual(delta.enabled_clients, []);
    assert.notEqual(delta.cursor, start.cursor);
    const quiet = await list(delta.cursor);
    assert.equal(quiet.full, false);
    assert.deepEqual(quiet.revoked_tokens, []);
    assert.equal(quiet.cursor, delta.cursor);
    // The cursor is a position, not a one-time ticket: asking again answers the same.
    assert.deepEqual((await list(start.cursor)).revoked_tokens, [next]);
  });

  test('a disabled client shows up in disabled_clients, and in enabled_clients once re-enabled', async () => {
    const other = await gate.client({ scopes: [`${RESOURCE}/read`] });
    const start = await list();
    await gate.setEnabled(other.clientId, false);
    const disabled = await list(start.cursor);
    assert.equal(disabled.full, false);
    assert.deepEqual(disabled.disabled_clients, [other.clientId]);
    assert.deepEqual(disabled.enabled_clients, []);
    await gate.setEnabled(other.clientId, true);
    const enabled = await list(disabled.cursor);
    assert.deepEqual(enabled.disabled_clients, []);
    assert.deepEqual(enabled.enabled_clients, [other.clientId]);
    // A verifier that missed both changes hears only the outcome.
    const both = await list(start.cursor);
    assert.deepEqual(both.disabled_clients, []);
    assert.deepEqual(both.enabled_clients, [other.clientId]);
    assert.ok(!(await list()).disabled_clients.includes(other.clientId));
  });

  test('a change that neither revokes nor blocks moves the cursor but lists nothing', async () => {
    const start = await list();
    await gate.server.gatehouse.clients.update(caller.clientId, { description: 'renamed' }, CLI_ACTOR);
    await gate.server.gatehouse.resourceServers.addScope(RESOURCE, { name: 'write' }, CLI_ACTOR);
    await gate.server.runtime.poll();
    const delta = await list(start.cursor);
    assert.equal(delta.full, false);
    assert.deepEqual(delta.revoked_tokens, []);
    assert.deepEqual(delta.disabled_clients, []);
    assert.notEqual(delta.cursor, start.cursor);
  });

  test('a revoked token id leaves the list, and memory, once its token has expired (a minute of skew)', async () => {
    const start = await list();
    const doomed = await revokeOne();
    const runtime = gate.server.runtime;
    assert.equal(runtime.isRevoked(doomed.jti), true);
    const expiresAt = doomed.exp * 1000;
    gate.clock.set(expiresAt + 60_000);
    assert.ok(
      (await list()).revoked_tokens.some((t) => t.jti === doomed.jti),
      'still within the skew',
    );
    gate.clock.set(expiresAt + 61_000);
    // No sweep has run: the answer and the in-memory set drop it on their own.
    const full = await list();
    assert.equal(full.full, true);
    assert.ok(!full.revoked_tokens.some((t) => t.jti === doomed.jti));
    assert.ok(!(await list(start.cursor)).revoked_tokens.some((t) => t.jti === doomed.jti));
    assert.equal(runtime.isRevoked(doomed.jti), false);
  });

  test('an unknown, foreign, repeated, future or too old cursor gets the full list, marked full', async () => {
    await revokeOne();
    const current = await list();
    const [listId, seq] = current.cursor.split('.');
    assert.ok(listId && seq);
    for (const since of [
      'garbage',
      '',
      `${listId}.`,
      `AAAAAAAAAAAA.${seq}`,
      `${listId}.${Number(seq) + 1000}`,
      `${listId}.99999999999999999999`,
      'x'.repeat(5000),
    ]) {
      const doc = await list(since);
      assert.equal(doc.full, true, `since=${since.slice(0, 40)}`);
      assert.deepEqual(doc.revoked_tokens, current.revoked_tokens);
      assert.equal(doc.cursor, current.cursor);
    }
    const twice = await send(
      `${gate.issuer}/oauth2/revocations?since=${current.cursor}&since=${current.cursor}`,
    );
    assert.equal((JSON.parse(twice.text) as ListAnswer).full, true);
    // Fifteen minutes on, the changes after an old cursor are no longer kept: full list again.
    const old = current.cursor;
    await revokeOne();
    assert.equal((await list(old)).full, false);
    gate.clock.advance(16 * 60_000);
    await revokeOne();
    assert.equal((await list(old)).full, true);
  });

  test('a cursor from one instance works on another: both count in the shared change log', async () => {
    await gate.server.runtime.poll();
    second = await startServer(gate.backend.config({ GATEHOUSE_CHANGE_POLL_MS: '1000' }), {
      logger: silentLogger,
      clock: gate.clock,
    });
    const other = second;
    const fromFirst = await list();
    await other.runtime.poll();
    const same = await list(fromFirst.cursor, other.url);
    assert.equal(same.full, false, 'a cursor of the first instance is a delta on the second');
    assert.deepEqual(same.revoked_tokens, []);
    assert.equal(same.cursor, fromFirst.cursor);

    const fresh = await revokeOne();
    const ahead = await list(fromFirst.cursor);
    assert.deepEqual(ahead.revoked_tokens, [fresh]);
    // The second instance polls only every second: asked with a cursor beyond what it has
    // read, it catches up before answering, so the verifier neither falls back to a full
    // list nor is sent its cursor back unchanged.
    const behind = await list(ahead.cursor, other.url);
    assert.equal(behind.full, false);
    assert.deepEqual(behind.revoked_tokens, []);
    assert.equal(behind.cursor, ahead.cursor);
    const replay = await list(fromFirst.cursor, other.url);
    assert.equal(replay.full, false);
    assert.deepEqual(replay.revoked_tokens, [fresh]);
  });
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TOKEN_TTL, type AuditEventView } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { purgeExpired } from '../../src/services/maintenance.js';
import { cliFor, ok as cliOk } from '../cli/helpers.js';
import { describeEachBackend, ok } from './harness.js';

/** JWK members of key material, private or public: none belongs in the audit log. */
const KEY_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'x', 'y', 'n', 'e', 'k'];

/**
 * Every path that changes a signing key writes exactly one audit entry per key changed, without
 * key material: the first start, the CLI's `keys rotate` (with and without --prepublish), a
 * rotation that also drops expired keys, and maintenance. Platform admins read them; team
 * members do not (keys belong to no team).
 */
describeEachBackend('every signing key lifecycle path is audited', (gate) => {
  const keyEvents = async (): Promise<AuditEventView[]> =>
    ok(await gate.admin.get('/api/v1/audit?limit=1000&targetType=signing_key')).events;

  async function change(run: () => Promise<unknown>): Promise<AuditEventView[]> {
    const since = Math.max(0, ...(await keyEvents()).map((e) => Number(e.id)));
    await run();
    return (await keyEvents()).filter((e) => Number(e.id) > since).reverse();
  }

  /** What the store holds for each key, public and sealed private halves, none of which may leak. */
  async function secretsOfKeys(): Promise<string[]> {
    const rows = await gate.server.gatehouse.db.all<{ public_jwk: string; private_key: string | Buffer }>(
      'SELECT public_jwk, private_key FROM signing_keys',
    );
    const out: string[] = [];
    for (const row of rows) {
      const jwk = JSON.parse(row.public_jwk) as Record<string, string>;
      for (const member of ['x', 'y', 'n']) if (jwk[member]) out.push(jwk[member]);
      const sealed =
        typeof row.private_key === 'string' ? row.private_key : row.private_key.toString('base64');
      out.push(sealed.slice(0, 40));
    }
    return out;
  }

  async function noKeyMaterial(events: readonly AuditEventView[]): Promise<void> {
    const material = await secretsOfKeys();
    for (const event of events) {
      const text = JSON.stringify(event);
      assert.doesNotMatch(text, /-----BEGIN|PRIVATE KEY/, `${event.action} holds a PEM`);
      for (const value of material) assert.ok(!text.includes(value), `${event.action} holds key material`);
      for (const side of [event.before, event.after]) {
        if (side === null) continue;
        assert.deepEqual(
          Object.keys(side as object).filter((k) => KEY_MEMBERS.includes(k)),
          [],
          `${event.action} has a key member`,
        );
        for (const name of Object.keys(side as object)) {
          assert.ok(['kid', 'alg', 'state', 'publishUntil'].includes(name), `${event.action} has ${name}`);
        }
      }
    }
  }

  test('the first start: one key.activate per algorithm, by Gatehouse itself; a second start adds none', async () => {
    const events = (await keyEvents()).reverse();
    const started = events.filter((e) => e.action === 'key.activate' && e.before === null);
    assert.deepEqual(started.map((e) => e.target.name).sort(), ['ES256', 'EdDSA', 'RS256']);
    for (const event of started) {
      assert.deepEqual(event.actor, { type: 'system', id: null, name: 'gatehouse' });
      assert.deepEqual(event.after, { kid: event.target.id, alg: event.target.name, state: 'active' });
      assert.equal(event.teamId, null);
    }
    await noKeyMaterial(started);
    assert.deepEqual(await change(() => gate.server.gatehouse.keys.ensureActiveKeys()), []);
  });

  test('CLI keys rotate --prepublish, then keys rotate: one entry per key, by the CLI', async () => {
    const gatehouse = cliFor(gate.backend);
    const prepublished = await change(() =>
      cliOk(gatehouse('keys', 'rotate', '--alg', 'ES256', '--prepublish', '--json')),
    );
    assert.deepEqual(
      prepublished.map((e) => [e.action, e.actor.type]),
      [['key.prepublish', 'cli']],
    );
    const rotated = await change(() => cliOk(gatehouse('keys', 'rotate', '--alg', 'ES256', '--json')));
    assert.deepEqual(
      rotated.map((e) => [e.action, e.actor.type, (e.before as { state?: string } | null)?.state ?? null]),
      [
        ['key.retire', 'cli', 'active'],
        ['key.activate', 'cli', 'next'],
      ],
    );
    assert.equal(rotated[1]?.target.id, prepublished[0]?.target.id);
    await noKeyMaterial([...prepublished, ...rotated]);
  });

  test('a rotation without a pre-published key: the new key is activated from nothing', async () => {
    const events = await change(() => gate.server.gatehouse.keys.rotate('EdDSA', { actor: CLI_ACTOR }));
    assert.deepEqual(
      events.map((e) => [e.action, e.before === null]),
      [
        ['key.retire', false],
        ['key.activate', true],
      ],
    );
    assert.deepEqual(events[1]?.after, { kid: events[1]?.target.id, alg: 'EdDSA', state: 'active' });
    await noKeyMaterial(events);
  });

  test('a rotation past retired keys’ publication deletes them in its transaction, each audited', async () => {
    const keys = gate.server.gatehouse.keys;
    const advance = MAX_TOKEN_TTL * 1000 + 10 * 60_000;
    const at = gate.clock.now() + advance;
    // Keys the CLI retired carry its own clock's time; only those past their publication go.
    const expired = (await keys.list()).filter(
      (k) => k.state === 'retired' && Date.parse(k.publishUntil ?? '') < at,
    );
    assert.ok(expired.length >= 1);
    const events = await change(() =>
      gate.withClockAdvanced(advance, () => keys.rotate('RS256', { actor: CLI_ACTOR })),
    );
    const deleted = events.filter((e) => e.action === 'key.delete');
    assert.deepEqual(deleted.map((e) => e.target.id).sort(), expired.map((k) => k.kid).sort());
    for (const event of deleted) {
      assert.equal(event.after, null);
      assert.equal((event.before as { state: string }).state, 'retired');
      assert.equal(event.actor.type, 'cli');
    }
    assert.deepEqual(
      events.filter((e) => e.action !== 'key.delete').map((e) => e.action),
      ['key.retire', 'key.activate'],
    );
    await noKeyMaterial(events);
  });

  test('maintenance deletes what is past its publication, audited as Gatehouse; nothing twice', async () => {
    const { db, clock, keys } = gate.server.gatehouse;
    const advance = 3 * MAX_TOKEN_TTL * 1000 + 60 * 60_000;
    const at = clock.now() + advance;
    const expired = (await keys.list()).filter(
      (k) => k.state === 'retired' && Date.parse(k.publishUntil ?? '') < at,
    );
    assert.ok(expired.length >= 1);
    const events = await change(() => gate.withClockAdvanced(advance, () => purgeExpired(db, clock, keys)));
    assert.deepEqual(
      events.map((e) => [e.action, e.actor.type]),
      expired.map(() => ['key.delete', 'system']),
    );
    assert.deepEqual(events.map((e) => e.target.id).sort(), expired.map((k) => k.kid).sort());
    await noKeyMaterial(events);
    assert.deepEqual(
      await change(() => gate.withClockAdvanced(advance, () => purgeExpired(db, clock, keys))),
      [],
    );
  });

  test('platform admins read key events; a team member does not', async () => {
    assert.ok((await keyEvents()).length > 0);
    const member = await gate.user('member@example.com');
    const seen = ok(await member.get('/api/v1/audit?limit=1000&targetType=signing_key'));
    assert.deepEqual(seen.events, []);
  });
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TOKEN_TTL, type AuditEventView } from '@gatehouse/schemas';
import { CLI_ACTOR } from '../../src/services/actor.js';
import { describeEachBackend, ok } from './harness.js';

/** Names of JWK members that hold key material: none may reach the audit log. */
const KEY_MATERIAL = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'x', 'y', 'n', 'e', 'k'];

describeEachBackend('signing key lifecycle in the audit log', (gate) => {
  const keyEvents = async (): Promise<AuditEventView[]> =>
    ok(await gate.admin.get('/api/v1/audit?limit=1000&targetType=signing_key')).events;

  async function change(run: () => Promise<unknown>): Promise<AuditEventView[]> {
    const since = Math.max(0, ...(await keyEvents()).map((e) => Number(e.id)));
    await run();
    return (await keyEvents()).filter((e) => Number(e.id) > since).reverse();
  }

  function noKeyMaterial(event: AuditEventView): void {
    for (const side of [event.before, event.after]) {
      if (side === null) continue;
      for (const name of KEY_MATERIAL)
        assert.equal(name in (side as object), false, `${event.action} has ${name}`);
    }
  }

  test('pre-publication, activation, retirement and deletion each leave one event, with no key material', async () => {
    const keys = gate.server.gatehouse.keys;
    const activeBefore = (await keys.list()).find((k) => k.alg === 'ES256' && k.state === 'active');
    assert.ok(activeBefore);

    const prepublished = await change(() => keys.rotate('ES256', { prepublish: true, actor: CLI_ACTOR }));
    assert.deepEqual(
      prepublished.map((e) => e.action),
      ['key.prepublish'],
    );
    const next = (await keys.list()).find((k) => k.alg === 'ES256' && k.state === 'next');
    assert.ok(next);
    assert.equal(prepublished[0]?.target.id, next.kid);
    assert.equal(prepublished[0]?.target.name, 'ES256');
    assert.deepEqual(prepublished[0]?.actor, { type: 'cli', id: null, name: 'cli' });
    assert.deepEqual(prepublished[0]?.after, { kid: next.kid, alg: 'ES256', state: 'next' });

    const rotated = await change(() => keys.rotate('ES256', { actor: CLI_ACTOR }));
    assert.deepEqual(
      rotated.map((e) => [e.action, e.target.id]),
      [
        ['key.retire', activeBefore.kid],
        ['key.activate', next.kid],
      ],
    );
    const retire = rotated[0] as AuditEventView;
    assert.equal((retire.before as { state: string }).state, 'active');
    assert.equal((retire.after as { state: string }).state, 'retired');
    const publishUntil = (retire.after as { publishUntil: string }).publishUntil;
    assert.ok(
      Date.parse(publishUntil) > gate.clock.now() + MAX_TOKEN_TTL * 1000,
      'published past its tokens',
    );
    assert.deepEqual(rotated[1]?.before, { kid: next.kid, alg: 'ES256', state: 'next' });
    assert.deepEqual(rotated[1]?.after, { kid: next.kid, alg: 'ES256', state: 'active' });

    // Past the retired key's publication, maintenance deletes it, as Gatehouse itself.
    // (the admin's session would not outlive that day, so the log is read once the clock is back).
    const pruned = await change(() =>
      gate.withClockAdvanced(MAX_TOKEN_TTL * 1000 + 10 * 60_000, () => keys.prune()),
    );
    assert.deepEqual(
      pruned.map((e) => [e.action, e.target.id, e.actor.type]),
      [['key.delete', activeBefore.kid, 'system']],
    );
    assert.equal(pruned[0]?.after, null);
    for (const event of [...prepublished, ...rotated, ...pruned]) {
      assert.equal(event.teamId, null);
      noKeyMaterial(event);
    }
  });

  test('a rotation refused in its transaction leaves no event', async () => {
    const keys = gate.server.gatehouse.keys;
    await keys.rotate('EdDSA', { prepublish: true, actor: CLI_ACTOR });
    const events = await change(() =>
      assert.rejects(
        keys.rotate('EdDSA', { prepublish: true, actor: CLI_ACTOR }),
        /already published as next/,
      ),
    );
    assert.deepEqual(events, []);
  });
});

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import type { ClientEntry, ResourceEntry, TokenHookEntry } from '../../src/services/cache-entries.js';
import { HookUnavailableError, TokenHookCaller } from '../../src/services/token-hooks/hook-caller.js';
import { HookSecrets } from '../../src/services/token-hooks/hook-secrets.js';
import { TestClock } from '../support/clock.js';
import { HookServer } from './hook-server.js';

const server = new HookServer();
before(() => server.start());
after(() => server.stop());

test('calls past the concurrency limit and its queue fail at once, as the fail mode says', async () => {
  const secrets = new HookSecrets(randomBytes(32));
  const outcomes: string[] = [];
  const caller = new TokenHookCaller({
    clock: new TestClock(),
    logger: silentLogger,
    secrets,
    extraCa: readFileSync(server.caFile, 'utf8'),
    concurrency: 1,
    metrics: { called: (outcome) => outcomes.push(outcome) },
  });
  try {
    server.reply = () => ({ delayMs: 200, body: { claims: { ok: true } } });
    const hook = (failMode: 'closed' | 'open'): TokenHookEntry => ({
      resourceServerId: 'rs_1',
      url: server.url,
      sealedSecret: secrets.seal('rs_1', 'ghhook_test'),
      timeoutMs: 2000,
      failMode,
      version: failMode,
    });
    const resource = { id: 'rs_1', identifier: 'orders' } as ResourceEntry;
    const request = (clientId: string) => ({
      client: { clientId, name: clientId, teamId: null } as unknown as ClientEntry,
      resource,
      scopes: ['read'],
      grantType: 'client_credentials',
    });
    const closed = hook('closed');
    const open = hook('open');
    const calls = ['a', 'b', 'c'].map((id) => {
      const r = request(id);
      return caller.fetch(closed, caller.key(r), r).then(
        (claims) => ({ claims }),
        (error: unknown) => ({ error }),
      );
    });
    const third = await calls[2];
    assert.ok(third);
    assert.ok('error' in third && third.error instanceof HookUnavailableError);
    assert.equal((third.error as HookUnavailableError).reason, 'saturated');
    const r = request('d');
    assert.equal(
      await caller.fetch(open, caller.key(r), r),
      null,
      'a fail-open hook gives no claims instead',
    );
    const [first, second] = await Promise.all([calls[0], calls[1]]);
    assert.deepEqual(first, { claims: { ok: true } });
    assert.deepEqual(second, { claims: { ok: true } }, 'one call waited for the slot');
    assert.deepEqual(outcomes.sort(), ['ok', 'ok', 'saturated', 'saturated']);
  } finally {
    caller.close();
  }
});

import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createVerifier, type Verifier, type VerifierOptions } from '../src/index.js';
import { countingFetch, rejectsWithCode } from './support/assert.js';
import { type TestClient, TestGatehouse } from './support/gatehouse.js';

const FLOOD = 20_000;
const FLOODERS = 4;
const WORKERS = 16;
/** The share of the flood sent through /oauth2/revoke is what the machine manages in this time. */
const HTTP_BUDGET_MS = 5_000;
const KILL_SWITCH_MS = 5_000;

/**
 * Attackers with clients of their own mint and revoke tokens as fast as the server lets them
 * (the per-client limit is off here, as it is in effect for one who spreads the load over many
 * clients), to push the list past what verifiers fetch. Then a client is disabled: real
 * verifiers polling the real server must refuse that client's token within seconds.
 */
describe('revocation flood against a real Gatehouse', { timeout: 20_000 }, () => {
  let gate: TestGatehouse;
  let flooders: TestClient[];
  let victim: TestClient;
  const verifiers: Verifier[] = [];
  const errors: Error[] = [];
  const lines: string[] = [];

  const make = (options: Partial<VerifierOptions> = {}) => {
    const verifier = createVerifier({
      issuer: gate.issuer,
      audience: 'orders',
      revocation: { pollIntervalSeconds: 1 },
      onBackgroundError: (error) => errors.push(error),
      logger: { warn: (line) => lines.push(line), error: (line) => lines.push(line) },
      ...options,
    });
    verifiers.push(verifier);
    return verifier;
  };

  before(async () => {
    gate = await TestGatehouse.start({ GATEHOUSE_REVOKE_PER_MINUTE: '0' }, { inMemoryDisk: true });
    await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
    flooders = await Promise.all(Array.from({ length: FLOODERS }, () => gate.client(['orders/read'])));
    victim = await gate.client(['orders/read']);
  });
  after(async () => {
    for (const verifier of verifiers) verifier.close();
    await gate.stop();
  });

  /** Token and revoke, over HTTP, until the flood is done or the time budget is spent. */
  async function floodOverHttp(): Promise<number> {
    const until = performance.now() + HTTP_BUDGET_MS;
    let started = 0;
    const worker = async (index: number) => {
      const flooder = flooders[index % FLOODERS] as TestClient;
      while (started < FLOOD && performance.now() < until) {
        started++;
        await gate.revoke(flooder, await gate.token(flooder, { resource: 'orders', scope: 'read' }));
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
    return started;
  }

  /**
   * The rest of the flood, written to the store the way the revocation endpoint of other
   * instances writes it (a revoked_tokens row and a change-log entry each): this instance and
   * its verifiers see exactly what they would see if those requests had come in over HTTP.
   */
  async function floodThroughStore(count: number): Promise<void> {
    const db = gate.services.db;
    const now = Date.now();
    const exp = now + 3600_000;
    for (let done = 0; done < count; done += 1000) {
      await db.transaction(async (tx) => {
        for (let i = done; i < Math.min(count, done + 1000); i++) {
          const jti = randomUUID();
          await tx.run(
            'INSERT INTO revoked_tokens (jti, client_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)',
            [jti, flooders[i % FLOODERS]?.clientId ?? '', exp, now],
          );
          await tx.run('INSERT INTO changes (kind, entity_id, at) VALUES (?, ?, ?)', [
            'revocation',
            jti,
            now,
          ]);
        }
      });
    }
  }

  test(`after ${FLOOD} revocations a disabled client is refused within ${KILL_SWITCH_MS / 1000} s`, async (t) => {
    const counter = countingFetch();
    const polling = make({ fetch: counter.fetch });
    const token = await gate.token(victim, { resource: 'orders', scope: 'read' });
    await polling.warm();
    assert.equal((await polling.verify(token)).client_id, victim.clientId);

    const overHttp = await floodOverHttp();
    await floodThroughStore(FLOOD - overHttp);
    t.diagnostic(`${overHttp} revocations over HTTP, ${FLOOD - overHttp} through the store`);
    await gate.server.runtime.poll();
    const full = await fetch(`${gate.issuer}/oauth2/revocations`);
    const list = (await full.json()) as { revoked_tokens: unknown[] };
    assert.equal(list.revoked_tokens.length, FLOOD);
    const bytes = JSON.stringify(list).length;
    assert.ok(bytes > 1024 * 1024, `the list is ${bytes} bytes, past the old 1 MiB fetch limit`);

    await gate.setEnabled(victim.clientId, false);
    const disabledAt = performance.now();
    // A verifier that starts now downloads the whole list once.
    const cold = make();
    for (const verifier of [polling, cold]) {
      for (;;) {
        const refused = await verifier.verify(token).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (refused !== undefined) {
          await rejectsWithCode(Promise.reject(refused), 'ERR_TOKEN_REVOKED', {
            claim: 'client_id',
            actual: victim.clientId,
            expected: 'enabled',
          });
          break;
        }
        assert.ok(performance.now() - disabledAt < KILL_SWITCH_MS, 'the disabled client was still accepted');
        await sleep(50);
      }
    }
    t.diagnostic(`refused ${Math.round(performance.now() - disabledAt)} ms after the client was disabled`);
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
    );
    assert.deepEqual(lines, []);
    // Only the first poll fetched the whole list; every later one asked for changes since a cursor.
    const polls = counter.calls.filter((url) => new URL(url).pathname === '/oauth2/revocations');
    assert.ok(polls.length >= 2, `polled ${polls.length} times`);
    assert.equal(new URL(polls[0] ?? '').searchParams.has('since'), false);
    for (const url of polls.slice(1)) assert.ok(new URL(url).searchParams.has('since'), url);
  });
});

import { CLI_ACTOR } from '@gatehouse/server';
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt } from 'jose';
import { createVerifier, type Verifier, type VerifierOptions } from '../src/index.js';
import { countingFetch, rejectsWithCode } from './support/assert.js';
import { FakeIssuer } from './support/fake-issuer.js';
import { type TestClient, TestGatehouse } from './support/gatehouse.js';

/** Polls `check` until it stops throwing; returns the elapsed milliseconds. */
async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      await check();
      return performance.now() - start;
    } catch (error) {
      if (performance.now() - start > timeoutMs) throw error;
      await sleep(25);
    }
  }
}

describe('revocation kill switch against a real Gatehouse', () => {
  let gate: TestGatehouse;
  let caller: TestClient;
  const verifiers: Verifier[] = [];
  const make = (options: Partial<VerifierOptions> = {}) => {
    const v = createVerifier({
      issuer: gate.issuer,
      audience: 'orders',
      revocation: { pollIntervalSeconds: 0.2 },
      ...options,
    });
    verifiers.push(v);
    return v;
  };

  before(async () => {
    gate = await TestGatehouse.start();
    await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
    caller = await gate.client(['orders/read']);
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await gate.stop();
  });

  test('a token revoked at /oauth2/revoke is rejected within a poll interval; others still pass', async () => {
    const verifier = make();
    await verifier.warm();
    const doomed = await gate.token(caller, { resource: 'orders', scope: 'read' });
    const other = await gate.token(caller, { resource: 'orders', scope: 'read' });
    await verifier.verify(doomed);
    await gate.revoke(caller, doomed);
    // Within eventually()'s three seconds: the verifier polls every 200 ms here.
    await eventually(() =>
      rejectsWithCode(verifier.verify(doomed), 'ERR_TOKEN_REVOKED', {
        claim: 'jti',
        actual: decodeJwt(doomed).jti,
        expected: 'not revoked',
      }).then(() => undefined),
    );
    assert.equal((await verifier.verify(other)).client_id, caller.clientId);
  });

  test('a disabled client is rejected within seconds, and accepted again once re-enabled', async () => {
    const verifier = make();
    const client = await gate.client(['orders/read']);
    const token = await gate.token(client, { resource: 'orders', scope: 'read' });
    await verifier.verify(token);
    await gate.setEnabled(client.clientId, false);
    await eventually(() =>
      rejectsWithCode(verifier.verify(token), 'ERR_TOKEN_REVOKED', {
        claim: 'client_id',
        actual: client.clientId,
        expected: 'enabled',
      }).then(() => undefined),
    );
    await gate.setEnabled(client.clientId, true);
    await eventually(async () => {
      await verifier.verify(token);
    });
  });

  test('a deleted client is rejected too', async () => {
    const verifier = make();
    const client = await gate.client(['orders/read']);
    const token = await gate.token(client, { resource: 'orders', scope: 'read' });
    await verifier.warm();
    await gate.services.clients.delete(client.clientId, CLI_ACTOR);
    await gate.server.runtime.poll();
    await eventually(() =>
      rejectsWithCode(verifier.verify(token), 'ERR_TOKEN_REVOKED').then(() => undefined),
    );
  });

  test('warm() waits for the first list, so a revoked token is refused from the first verify', async () => {
    const token = await gate.token(caller, { resource: 'orders', scope: 'read' });
    await gate.revoke(caller, token);
    const fresh = make({ revocation: {} });
    await rejectsWithCode(fresh.verify(token), 'ERR_TOKEN_REVOKED');
  });

  test('revocation: false never fetches the list; close() stops polling', async () => {
    const counter = countingFetch();
    const off = make({ revocation: false, fetch: counter.fetch });
    await off.warm();
    await sleep(300);
    assert.equal(counter.count('/oauth2/revocations'), 0);

    const polling = countingFetch();
    const on = make({ fetch: polling.fetch, revocation: { pollIntervalSeconds: 0.05 } });
    await on.warm();
    await sleep(200);
    on.close();
    const seen = polling.count('/oauth2/revocations');
    assert.ok(seen >= 2, `polled ${seen} times`);
    await sleep(200);
    assert.ok(polling.count('/oauth2/revocations') <= seen + 1);
  });
});

describe('revocation list failures (stand-in issuer)', () => {
  let issuer: FakeIssuer;
  before(async () => {
    issuer = await FakeIssuer.start();
    issuer.addKey('ES256');
  });
  after(() => issuer.close());

  test('a failing list keeps the last good one; errors go to onBackgroundError', async () => {
    const errors: Error[] = [];
    const v = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      revocation: { pollIntervalSeconds: 0.05 },
      onBackgroundError: (e) => errors.push(e),
    });
    const key = issuer.keys[0];
    assert.ok(key);
    const claims = issuer.claims();
    const token = await issuer.sign(key, claims);
    issuer.revocation.revoked_tokens = [{ jti: claims.jti as string, exp: claims.exp as number }];
    await v.warm();
    await rejectsWithCode(v.verify(token), 'ERR_TOKEN_REVOKED');
    issuer.fail.add('/revocations');
    await sleep(200);
    await rejectsWithCode(v.verify(token), 'ERR_TOKEN_REVOKED');
    assert.ok(errors.some((e) => /revocation list not refreshed: .*HTTP 503/.test(e.message)));
    issuer.fail.delete('/revocations');
    issuer.revocation.revoked_tokens = [];
    await eventually(async () => {
      await v.verify(token);
    });
    v.close();
  });

  test('a list naming another issuer, or malformed, is reported and ignored; no advertised list, no polling', async () => {
    const errors: Error[] = [];
    const key = issuer.keys[0];
    assert.ok(key);
    const claims = issuer.claims();
    issuer.revocation.revoked_tokens = [{ jti: claims.jti as string, exp: claims.exp as number }];
    issuer.revocationIssuer = 'https://someone-else.example.com';
    try {
      const v = createVerifier({
        issuer: issuer.issuer,
        audience: 'orders',
        onBackgroundError: (e) => errors.push(e),
      });
      await v.warm();
      await v.verify(await issuer.sign(key, claims));
      assert.match(errors[0]?.message ?? '', /issuer is "https:\/\/someone-else\.example\.com"/);
      v.close();
    } finally {
      issuer.revocationIssuer = undefined;
      issuer.revocation.revoked_tokens = [];
    }

    const other = createVerifier({
      issuer: issuer.issuer,
      audience: 'orders',
      revocation: { url: `${issuer.issuer}/.well-known/oauth-authorization-server` },
      onBackgroundError: (e) => errors.push(e),
    });
    await other.warm();
    assert.match(errors.at(-1)?.message ?? '', /revoked_tokens is not an array/);
    other.close();

    issuer.advertiseRevocation = false;
    try {
      const before = issuer.count('/revocations');
      const quiet = createVerifier({
        issuer: issuer.issuer,
        audience: 'orders',
        revocation: { pollIntervalSeconds: 0.05 },
      });
      await quiet.warm();
      await quiet.verify(await issuer.sign(key, issuer.claims()));
      await sleep(150);
      assert.equal(issuer.count('/revocations'), before);
      quiet.close();
    } finally {
      issuer.advertiseRevocation = true;
    }
  });
});

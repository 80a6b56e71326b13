import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeProtectedHeader } from 'jose';
import { createVerifier, type Verifier, type VerifierCache, type VerifierOptions } from '../src/index.js';
import { countingFetch, rejectsWithCode } from './support/assert.js';
import { FakeIssuer } from './support/fake-issuer.js';
import { type TestClient, TestGatehouse } from './support/gatehouse.js';

const JWKS_PATH = '/.well-known/jwks.json';

describe('key cache against a real Gatehouse', () => {
  let gate: TestGatehouse;
  let caller: TestClient;
  const verifiers: Verifier[] = [];
  const make = (options: Partial<VerifierOptions> = {}) => {
    const v = createVerifier({ issuer: gate.issuer, audience: 'orders', revocation: false, ...options });
    verifiers.push(v);
    return v;
  };
  const token = () => gate.token(caller, { resource: 'orders', scope: 'read' });

  before(async () => {
    gate = await TestGatehouse.start();
    await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
    caller = await gate.client(['orders/read']);
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await gate.stop();
  });

  test('a warm verify does no I/O at all', async () => {
    let allowed = true;
    const counter = countingFetch();
    const v = make({
      fetch: (input, init) =>
        allowed ? counter.fetch(input, init) : Promise.reject(new Error('network used')),
    });
    await v.warm();
    assert.deepEqual(
      counter.calls.map((u) => new URL(u).pathname),
      ['/.well-known/oauth-authorization-server', JWKS_PATH],
    );
    allowed = false;
    const tokens = await Promise.all(Array.from({ length: 20 }, token));
    for (const t of tokens) assert.equal((await v.verify(t)).aud, 'orders');
  });

  test('key rotation: concurrent verifies of a token with a new kid share one JWKS refetch', async () => {
    const counter = countingFetch();
    const v = make({ fetch: counter.fetch });
    const before = await token();
    await v.verify(before);
    assert.equal(counter.count(JWKS_PATH), 1);

    await gate.rotate('ES256');
    const rotated = await token();
    assert.notEqual(decodeProtectedHeader(rotated).kid, decodeProtectedHeader(before).kid);
    const results = await Promise.all(Array.from({ length: 25 }, () => v.verify(rotated)));
    assert.equal(results.length, 25);
    assert.equal(counter.count(JWKS_PATH), 2, 'one refetch for 25 concurrent unknown-kid verifies');
    // The retired key stays published, so tokens it signed still verify.
    assert.equal((await v.verify(before)).aud, 'orders');
    assert.equal(counter.count(JWKS_PATH), 2);
  });

  test('the cool-down limits unknown-kid refetches; a second rotation inside it is ERR_KEY_NOT_FOUND', async () => {
    const counter = countingFetch();
    const v = make({ fetch: counter.fetch, jwksCooldownSeconds: 0.3 });
    await v.verify(await token());
    await gate.rotate('ES256');
    await v.verify(await token()); // refetch #1 (the cool-down starts here)
    assert.equal(counter.count(JWKS_PATH), 2);
    await gate.rotate('ES256');
    const third = await token();
    await rejectsWithCode(v.verify(third), 'ERR_KEY_NOT_FOUND');
    await rejectsWithCode(v.verify(third), 'ERR_KEY_NOT_FOUND');
    assert.equal(counter.count(JWKS_PATH), 2, 'no refetch inside the cool-down');
    await sleep(350);
    assert.equal((await v.verify(third)).aud, 'orders');
    assert.equal(counter.count(JWKS_PATH), 3);
  });

  test('export, stop the server, import in a new verifier: verifies with no network', async () => {
    const own = await TestGatehouse.start();
    try {
      await own.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
      const client = await own.client(['orders/read']);
      const minted = await own.token(client, { resource: 'orders', scope: 'read' });
      const first = createVerifier({ issuer: own.issuer, audience: 'orders' });
      await first.warm();
      const cache = JSON.parse(JSON.stringify(first.exportCache())) as VerifierCache;
      first.close();
      assert.equal(cache.version, 1);
      assert.equal(cache.issuer, own.issuer);
      assert.equal(cache.jwksUri, `${own.issuer}${JWKS_PATH}`);
      assert.equal(cache.revocationListUrl, `${own.issuer}/oauth2/revocations`);
      assert.ok(Math.abs(cache.fetchedAt - Date.now()) < 5000);
      for (const jwk of cache.jwks.keys) {
        assert.equal(typeof jwk.kid, 'string');
        for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(jwk[member], undefined);
      }
      await own.stop();

      const calls: string[] = [];
      const cold = createVerifier({
        issuer: cache.issuer,
        audience: 'orders',
        fetch: (input) => {
          calls.push(String(input));
          return Promise.reject(new Error('the server is gone'));
        },
      });
      cold.importCache(cache);
      const claims = await cold.verify(minted);
      assert.equal(claims.client_id, client.clientId);
      // Only the background revocation poll tried the network; verify never waited for it.
      assert.ok(
        calls.every((url) => url.endsWith('/oauth2/revocations')),
        calls.join(),
      );
      cold.close();
    } finally {
      await own.stop();
    }
  });

  test('importCache is validated: wrong issuer, version, keys or jwksUri throw TypeError', async () => {
    const v = make();
    await v.warm();
    const good = v.exportCache();
    const cases: [unknown, RegExp][] = [
      [{ ...good, issuer: 'https://other.example.com' }, /is for issuer/],
      [{ ...good, version: 2 }, /unsupported cache version/],
      [{ ...good, jwks: { keys: [] } }, /no usable signing key/],
      [{ ...good, jwks: 'nope' }, /not a JWKS/],
      [{ ...good, fetchedAt: 'yesterday' }, /fetchedAt/],
      [{ ...good, jwksUri: 'ftp://x' }, /jwksUri must use https/],
      [null, /must be an object/],
    ];
    for (const [cache, message] of cases) {
      assert.throws(
        () => make().importCache(cache as VerifierCache),
        (error: unknown) => {
          assert.ok(error instanceof TypeError);
          assert.match(error.message, message);
          return true;
        },
      );
    }
    const pinned = make({ jwksUri: 'https://keys.example.com/jwks' });
    assert.throws(() => pinned.importCache(good), /this verifier uses https:\/\/keys\.example\.com/);
    assert.throws(() => make().exportCache(), /no keys loaded yet/);
  });
});

describe('key cache refresh and failures (stand-in issuer)', () => {
  let issuer: FakeIssuer;
  before(async () => {
    issuer = await FakeIssuer.start();
    issuer.addKey('ES256');
  });
  after(() => issuer.close());
  const make = (options: Partial<VerifierOptions> = {}) =>
    createVerifier({ issuer: issuer.issuer, audience: 'orders', revocation: false, ...options });

  test('a stale JWKS is refreshed in the background while verification goes on', async () => {
    const v = make({ cacheMaxAgeSeconds: 0.1 });
    const key = issuer.keys[0];
    assert.ok(key);
    const t = await issuer.sign(key, issuer.claims());
    await v.verify(t);
    const fetched = issuer.count('/jwks');
    await sleep(150);
    await v.verify(t);
    await v.verify(t);
    await sleep(50);
    assert.equal(issuer.count('/jwks'), fetched + 1, 'one background refresh');
  });

  test('a failed refresh keeps the cached keys and reports to onBackgroundError', async () => {
    const errors: Error[] = [];
    const v = make({ cacheMaxAgeSeconds: 0.05, onBackgroundError: (e) => errors.push(e) });
    const key = issuer.keys[0];
    assert.ok(key);
    const t = await issuer.sign(key, issuer.claims());
    await v.verify(t);
    issuer.fail.add('/jwks');
    try {
      await sleep(80);
      await v.verify(t);
      await sleep(50);
      await v.verify(t);
      assert.ok(errors.length >= 1);
      assert.match(errors[0]?.message ?? '', /HTTP 503/);
    } finally {
      issuer.fail.delete('/jwks');
    }
  });

  test('no keys and a failing JWKS: ERR_JWKS_UNAVAILABLE, failing fast for a moment, then recovering', async () => {
    const v = make({ jwksCooldownSeconds: 0.2 });
    const key = issuer.keys[0];
    assert.ok(key);
    const t = await issuer.sign(key, issuer.claims());
    issuer.fail.add('/jwks');
    try {
      const before = issuer.count('/jwks');
      await rejectsWithCode(v.verify(t), 'ERR_JWKS_UNAVAILABLE');
      await rejectsWithCode(v.verify(t), 'ERR_JWKS_UNAVAILABLE');
      assert.equal(issuer.count('/jwks'), before + 1, 'the second verify did not hammer the issuer');
    } finally {
      issuer.fail.delete('/jwks');
    }
    await sleep(250);
    assert.equal((await v.verify(t)).sub, 'client-1');
  });

  test('a flood of tokens with random kids costs at most one JWKS fetch per cool-down', async () => {
    const v = make();
    const key = issuer.keys[0];
    assert.ok(key);
    await v.warm();
    const before = issuer.count('/jwks');
    for (let i = 0; i < 20; i++) {
      const forged = await issuer.sign({ ...key, kid: `random-${i}` }, issuer.claims());
      await rejectsWithCode(v.verify(forged), 'ERR_KEY_NOT_FOUND');
    }
    assert.equal(issuer.count('/jwks'), before + 1);
  });
});

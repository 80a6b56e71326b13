import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { SigningAlg } from '@gatehouse/schemas';
import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { describeEachBackend, INSECURE, type RegisteredClient, send } from './harness.js';

const RESOURCES: Record<SigningAlg, string> = { ES256: 'es-api', RS256: 'rs-api', EdDSA: 'ed-api' };
const ALGS = Object.keys(RESOURCES) as SigningAlg[];

describeEachBackend('signing keys: rotation and restart', (gate) => {
  let client: RegisteredClient;

  before(async () => {
    for (const alg of ALGS) {
      await gate.resourceServer({
        identifier: RESOURCES[alg],
        name: alg,
        scopes: [{ name: 'use' }],
        signingAlg: alg,
      });
    }
    client = await gate.client({ scopes: ALGS.map((alg) => `${RESOURCES[alg]}/use`) });
  });

  const issue = async (alg: SigningAlg = 'ES256') => {
    const token = (await gate.token(client, { resource: RESOURCES[alg] })).access_token;
    return { token, kid: String(decodeProtectedHeader(token).kid) };
  };
  const published = async () => {
    const answer = await send(String(gate.as.jwks_uri));
    const keys = (answer.body?.keys ?? []) as Record<string, unknown>[];
    return new Map(keys.map((k) => [String(k.kid), k]));
  };
  const activeKids = async () => {
    const out = new Map<SigningAlg, string>();
    for (const alg of ALGS) out.set(alg, (await issue(alg)).kid);
    return out;
  };

  test('every published key is one the server signs or has signed with', async () => {
    const jwks = await published();
    for (const alg of ALGS) {
      const { kid } = await issue(alg);
      assert.equal(jwks.get(kid)?.alg, alg);
    }
    const infos = await gate.server.gatehouse.keys.list();
    assert.deepEqual(
      infos
        .filter((k) => k.state === 'active')
        .map((k) => k.alg)
        .sort(),
      [...ALGS].sort(),
    );
  });

  test('prepublish: the next key is in the JWKS, but tokens are still signed with the current one', async () => {
    const before = await issue();
    const othersBefore = await activeKids();
    await gate.server.gatehouse.keys.rotate('ES256', { prepublish: true });
    await gate.server.runtime.poll();

    const next = (await gate.server.gatehouse.keys.list()).find(
      (k) => k.alg === 'ES256' && k.state === 'next',
    );
    assert.ok(next, 'a next key exists');
    const jwks = await published();
    assert.ok(jwks.has(next.kid), 'the next key is published');
    assert.equal(jwks.get(next.kid)?.alg, 'ES256');
    assert.equal(jwks.get(next.kid)?.use, 'sig');
    assert.ok(jwks.has(before.kid), 'the current key is still published');

    const after = await issue();
    assert.equal(after.kid, before.kid);
    assert.notEqual(after.kid, next.kid);
    await gate.verify(after.token, RESOURCES.ES256);
    assert.deepEqual(await activeKids(), othersBefore);
  });

  test('rotate: the prepublished key starts signing; the old key stays published and its tokens verify', async () => {
    const old = await issue();
    const next = (await gate.server.gatehouse.keys.list()).find(
      (k) => k.alg === 'ES256' && k.state === 'next',
    );
    assert.ok(next);
    const others = await activeKids();

    await gate.server.gatehouse.keys.rotate('ES256');
    await gate.server.runtime.poll();

    const fresh = await issue();
    assert.equal(fresh.kid, next.kid, 'the prepublished key is the one that now signs');
    const jwks = await published();
    assert.ok(jwks.has(old.kid), 'the retired key is still published');
    assert.ok(jwks.has(fresh.kid));

    const { payload } = await gate.verify(old.token, RESOURCES.ES256);
    assert.equal(payload.sub, client.clientId);
    await gate.verify(fresh.token, RESOURCES.ES256);

    const states = new Map((await gate.server.gatehouse.keys.list()).map((k) => [k.kid, k]));
    assert.equal(states.get(old.kid)?.state, 'retired');
    assert.ok(states.get(old.kid)?.publishUntil, 'a retired key says how long it stays published');
    assert.equal(states.get(fresh.kid)?.state, 'active');
    // Other algorithms did not move.
    for (const alg of ['RS256', 'EdDSA'] as const) assert.equal((await issue(alg)).kid, others.get(alg));
  });

  test('the old token still introspects active after rotation', async () => {
    const old = await issue();
    await gate.server.gatehouse.keys.rotate('ES256');
    await gate.server.runtime.poll();
    assert.notEqual((await issue()).kid, old.kid);
    const response = await oauth.introspectionRequest(
      gate.as,
      client.client,
      oauth.ClientSecretBasic(client.secret),
      old.token,
      INSECURE,
    );
    const result = await oauth.processIntrospectionResponse(gate.as, client.client, response);
    assert.equal(result.active, true);
  });

  for (const alg of ['RS256', 'EdDSA'] as const) {
    test(`rotate ${alg} without prepublishing: a new key signs at once, the old one stays published`, async () => {
      const old = await issue(alg);
      await gate.server.gatehouse.keys.rotate(alg);
      await gate.server.runtime.poll();
      const fresh = await issue(alg);
      assert.notEqual(fresh.kid, old.kid);
      const jwks = await published();
      assert.equal(jwks.get(fresh.kid)?.alg, alg);
      assert.equal(jwks.get(old.kid)?.alg, alg);
      assert.equal((await gate.verify(old.token, RESOURCES[alg])).protectedHeader.alg, alg);
      assert.equal((await gate.verify(fresh.token, RESOURCES[alg])).protectedHeader.alg, alg);
    });
  }

  test('restart: old tokens verify against the new JWKS, the same secret works, the same keys sign', async () => {
    const before = new Map<SigningAlg, { token: string; kid: string }>();
    for (const alg of ALGS) before.set(alg, await issue(alg));
    const revoked = await issue();
    const revocation = await oauth.revocationRequest(
      gate.as,
      client.client,
      oauth.ClientSecretBasic(client.secret),
      revoked.token,
      INSECURE,
    );
    await oauth.processRevocationResponse(revocation);
    const jwksBefore = (await send(String(gate.as.jwks_uri))).body;
    const oldUrl = gate.server.url;

    await gate.restart();
    assert.equal(gate.server.url, oldUrl, 'the same deployment, back on its address');

    assert.deepEqual((await send(String(gate.as.jwks_uri))).body, jwksBefore, 'the same keys are published');
    for (const alg of ALGS) {
      const old = before.get(alg);
      assert.ok(old);
      const { payload, protectedHeader } = await gate.verify(old.token, RESOURCES[alg]);
      assert.equal(protectedHeader.alg, alg);
      assert.equal(payload.sub, client.clientId);
      const fresh = await issue(alg);
      assert.equal(fresh.kid, old.kid, `${alg}: the active key survived the restart`);
    }
    const introspected = await oauth.processIntrospectionResponse(
      gate.as,
      client.client,
      await oauth.introspectionRequest(
        gate.as,
        client.client,
        oauth.ClientSecretBasic(client.secret),
        revoked.token,
        INSECURE,
      ),
    );
    assert.equal(introspected.active, false, 'a revocation survives the restart');
  });

  test('a retired key leaves the JWKS once every token it signed has expired', async () => {
    const old = await issue();
    await gate.server.gatehouse.keys.rotate('ES256');
    await gate.server.runtime.poll();
    assert.ok((await published()).has(old.kid));

    // Longest token lifetime (one day) plus the verifier skew margin, plus a second.
    gate.clock.advance(86_400_000 + 5 * 60_000 + 1000);
    // The server's own housekeeping may have pruned first; either way the key goes once.
    await gate.server.gatehouse.keys.prune();
    assert.equal(await gate.server.gatehouse.keys.prune(), 0);
    await gate.server.runtime.poll();
    const jwks = await published();
    assert.ok(!jwks.has(old.kid), 'the retired key is gone');
    for (const alg of ALGS) {
      const { kid, token } = await issue(alg);
      assert.ok(jwks.has(kid), `${alg}: the active key is still published`);
      await gate.verify(token, RESOURCES[alg]);
    }
  });
});

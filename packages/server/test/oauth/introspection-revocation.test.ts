import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import type { RunningServer } from '../../src/serve.js';
import { startTestServer } from '../support/server.js';
import {
  assertOAuthError,
  basic,
  describeEachBackend,
  INSECURE,
  postForm,
  type RegisteredClient,
} from './harness.js';

const RESOURCE = 'inventory';
const TTL = 600;
const FIELDS = ['active', 'aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub', 'token_type'];

describeEachBackend('introspection and revocation', (gate) => {
  let owner: RegisteredClient;
  let other: RegisteredClient;
  let admin: RegisteredClient;
  let poster: RegisteredClient;

  before(async () => {
    await gate.resourceServer({
      identifier: RESOURCE,
      name: 'Inventory',
      scopes: [{ name: 'read' }, { name: 'write' }],
      tokenTtl: TTL,
    });
    owner = await gate.client({ scopes: [`${RESOURCE}/read`, `${RESOURCE}/write`] });
    other = await gate.client({ scopes: [`${RESOURCE}/read`] });
    admin = await gate.client({ scopes: ['gatehouse-admin/tokens:introspect'] });
    poster = await gate.client({ scopes: [`${RESOURCE}/read`], authMethod: 'client_secret_post' });
  });

  const issue = async (client: RegisteredClient = owner, auth?: oauth.ClientAuth) =>
    (await gate.token(client, { resource: RESOURCE }, auth)).access_token;

  const introspect = async (token: string, caller: RegisteredClient = owner, auth?: oauth.ClientAuth) => {
    const response = await oauth.introspectionRequest(
      gate.as,
      caller.client,
      auth ?? oauth.ClientSecretBasic(caller.secret),
      token,
      INSECURE,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const raw = (await response.clone().json()) as Record<string, unknown>;
    const processed = await oauth.processIntrospectionResponse(gate.as, caller.client, response);
    return { raw, processed };
  };

  const revoke = async (token: string, caller: RegisteredClient = owner) => {
    const response = await oauth.revocationRequest(
      gate.as,
      caller.client,
      oauth.ClientSecretBasic(caller.secret),
      token,
      INSECURE,
    );
    return response;
  };

  const assertInactive = async (token: string, caller: RegisteredClient = owner) => {
    const { raw, processed } = await introspect(token, caller);
    assert.deepEqual(raw, { active: false });
    assert.equal(processed.active, false);
  };

  test('own token: active, with the RFC 7662 fields matching the token', async () => {
    const token = await issue();
    const { payload } = await gate.verify(token, RESOURCE);
    const { raw, processed } = await introspect(token);
    assert.deepEqual(Object.keys(raw).sort(), FIELDS);
    assert.equal(processed.active, true);
    assert.deepEqual(raw, {
      active: true,
      scope: 'read write',
      client_id: owner.clientId,
      token_type: 'Bearer',
      exp: payload.exp,
      iat: payload.iat,
      sub: owner.clientId,
      aud: RESOURCE,
      iss: gate.issuer,
      jti: payload.jti,
    });
    assert.equal(raw.exp, Math.floor(gate.clock.now() / 1000) + TTL);
  });

  test('client_secret_post callers introspect too', async () => {
    const token = await issue(poster, oauth.ClientSecretPost(poster.secret));
    const { raw } = await introspect(token, poster, oauth.ClientSecretPost(poster.secret));
    assert.equal(raw.active, true);
    assert.equal(raw.client_id, poster.clientId);
  });

  test('token_type_hint is accepted whatever it says', async () => {
    const token = await issue();
    for (const hint of ['access_token', 'refresh_token', 'something_else']) {
      const answer = await postForm(
        gate.introspectionEndpoint,
        { token, token_type_hint: hint },
        basic(owner.clientId, owner.secret),
      );
      assert.equal(answer.status, 200);
      assert.equal(answer.body?.active, true);
    }
  });

  test("another client's token is inactive to a caller without the introspect grant", async () => {
    const token = await issue();
    await assertInactive(token, other);
  });

  test('a caller holding gatehouse-admin/tokens:introspect sees any token', async () => {
    const token = await issue();
    const { raw } = await introspect(token, admin);
    assert.equal(raw.active, true);
    assert.equal(raw.client_id, owner.clientId);
    assert.equal(raw.aud, RESOURCE);
  });

  test('garbage tokens are inactive', async () => {
    for (const garbage of ['abc', 'a.b.c', 'eyJ.eyJ.sig', '....', 'x'.repeat(15_000), '\u00e9\u00e8']) {
      await assertInactive(garbage);
    }
  });

  test('a missing token parameter: 400 invalid_request', async () => {
    for (const url of [gate.introspectionEndpoint, gate.revocationEndpoint]) {
      assertOAuthError(await postForm(url, {}, basic(owner.clientId, owner.secret)), 400, 'invalid_request');
      assertOAuthError(
        await postForm(url, { token: '' }, basic(owner.clientId, owner.secret)),
        400,
        'invalid_request',
      );
    }
  });

  test('an expired token is inactive', async () => {
    const token = await issue();
    await gate.withClockAdvanced(TTL * 1000 - 1000, async () => {
      assert.equal((await introspect(token)).raw.active, true);
    });
    await gate.withClockAdvanced(TTL * 1000, () => assertInactive(token));
    await gate.withClockAdvanced(TTL * 1000, () => assertInactive(token, admin));
  });

  test("look-alike tokens signed by someone else's key are inactive", async () => {
    const real = await issue();
    const { payload } = await gate.verify(real, RESOURCE);
    const realKid = decodeProtectedHeader(real).kid;
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const ownKid = (await exportJWK(publicKey)).x ?? 'mine';
    for (const kid of [realKid, ownKid]) {
      const forged = await new SignJWT({ ...payload, jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...(kid ? { kid } : {}) })
        .sign(privateKey);
      await assertInactive(forged);
      await assertInactive(forged, admin);
    }
  });

  test('a token from another issuer, or with its claims altered, is inactive', async () => {
    const real = await issue();
    const [header, body, signature] = real.split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    for (const change of [
      { iss: 'https://evil.example.com' },
      { exp: 9_999_999_999 },
      { client_id: other.clientId },
    ]) {
      const altered = Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url');
      await assertInactive(`${header}.${altered}.${signature}`, admin);
    }
    // Correctly signed, but claiming another issuer: nobody's key but ours, so forge with a fresh one.
    const { privateKey } = await generateKeyPair('EdDSA');
    const foreign = await new SignJWT({ ...claims, iss: 'https://other-gatehouse.example.com' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'foreign' })
      .sign(privateKey);
    await assertInactive(foreign, admin);
  });

  test('revoke: 200 with an empty, uncached answer; the token is then inactive to everyone', async () => {
    const token = await issue();
    const keep = await issue();
    const response = await revoke(token);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await response.clone().text(), '');
    assert.equal(await oauth.processRevocationResponse(response), undefined);
    await assertInactive(token);
    await assertInactive(token, admin);
    assert.equal((await introspect(keep)).raw.active, true, 'other tokens of the client stay active');
    // Revoking again is still a success.
    assert.equal((await revoke(token)).status, 200);
  });

  test('revoking an invalid, expired or unknown token: 200', async () => {
    for (const garbage of ['garbage', 'a.b.c', 'x'.repeat(15_000)]) {
      assert.equal((await revoke(garbage)).status, 200);
    }
    const token = await issue();
    await gate.withClockAdvanced(TTL * 1000 + 1000, async () => {
      assert.equal((await revoke(token)).status, 200);
    });
  });

  test("revoking another client's token: 400 unauthorized_client, and the token stays active", async () => {
    const token = await issue();
    const answer = await postForm(gate.revocationEndpoint, { token }, basic(other.clientId, other.secret));
    assertOAuthError(answer, 400, 'unauthorized_client');
    await assert.rejects(
      oauth.processRevocationResponse(await revoke(token, other)),
      (error: unknown) => error instanceof oauth.ResponseBodyError && error.error === 'unauthorized_client',
    );
    assert.equal((await introspect(token)).raw.active, true);
  });

  test("a disabled client's tokens introspect inactive; enabled again, active", async () => {
    const client = await gate.client({ scopes: [`${RESOURCE}/read`] });
    const token = await issue(client);
    assert.equal((await introspect(token, admin)).raw.active, true);
    await gate.setEnabled(client.clientId, false);
    await assertInactive(token, admin);
    await gate.setEnabled(client.clientId, true);
    assert.equal((await introspect(token, admin)).raw.active, true);
  });

  test("a deleted client's tokens introspect inactive", async () => {
    const client = await gate.client({ scopes: [`${RESOURCE}/read`] });
    const token = await issue(client);
    await gate.server.gatehouse.clients.delete(client.clientId, CLI_ACTOR);
    await gate.server.runtime.poll();
    await assertInactive(token, admin);
  });

  test('both endpoints require client authentication', async () => {
    const token = await issue();
    for (const url of [gate.introspectionEndpoint, gate.revocationEndpoint]) {
      assertOAuthError(await postForm(url, { token }), 401, 'invalid_client');
      assertOAuthError(await postForm(url, { token }, basic(owner.clientId, 'wrong')), 401, 'invalid_client');
      assertOAuthError(await postForm(url, { token }, basic('nobody', 'wrong')), 401, 'invalid_client');
      assertOAuthError(await postForm(url, { token }, { authorization: 'Bearer x' }), 401, 'invalid_client');
      assertOAuthError(await postForm(url, { token, client_id: owner.clientId }), 401, 'invalid_client');
    }
    // The token is still fine: failed calls revoked nothing.
    assert.equal((await introspect(token)).raw.active, true);
  });

  test('a token passed as the client credential does not authenticate', async () => {
    const token = await issue();
    const answer = await postForm(
      gate.introspectionEndpoint,
      { token },
      { authorization: `Bearer ${token}` },
    );
    assertOAuthError(answer, 401, 'invalid_client');
  });

  test('both endpoints take only forms, and only POST', async () => {
    for (const url of [gate.introspectionEndpoint, gate.revocationEndpoint]) {
      const json = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...basic(owner.clientId, owner.secret) },
        body: JSON.stringify({ token: 'x' }),
      });
      assert.equal(json.status, 400);
      assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
    }
  });

  describeSecondInstance();

  function describeSecondInstance() {
    let second: RunningServer | undefined;
    after(async () => second?.close());

    test('a second instance on the same store honours tokens and revocations from the first', async () => {
      // Instances behind one load balancer share the configured issuer.
      second = await startTestServer(gate.backend, {
        clock: gate.clock,
        env: { GATEHOUSE_ISSUER: gate.issuer },
      });
      assert.equal(second.issuer, gate.issuer);
      const secondAs: oauth.AuthorizationServer = {
        issuer: gate.issuer,
        introspection_endpoint: `${second.url}/oauth2/introspect`,
      };
      const token = await issue();
      const viaSecond = async () => {
        const response = await oauth.introspectionRequest(
          secondAs,
          owner.client,
          oauth.ClientSecretBasic(owner.secret),
          token,
          INSECURE,
        );
        return (await response.json()) as Record<string, unknown>;
      };
      assert.equal((await viaSecond()).active, true);
      assert.equal((await revoke(token)).status, 200);
      await second.runtime.poll();
      assert.deepEqual(await viaSecond(), { active: false });
    });
  }
});

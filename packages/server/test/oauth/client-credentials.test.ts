import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { describeEachBackend, INSECURE, type RegisteredClient, rejectsWith } from './harness.js';

const ORDERS = 'orders';
const URI = 'https://orders.example.com';
const URI_V2 = 'https://orders.example.com/v2';
const LEDGER_RS = 'ledger-rs';
const LEDGER_ED = 'ledger-ed';
const CLAIMS = ['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub'];

describeEachBackend('client credentials grant', (gate) => {
  let basic: RegisteredClient;
  let post: RegisteredClient;
  let shortLived: RegisteredClient;

  before(async () => {
    await gate.resourceServer({
      identifier: ORDERS,
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }, { name: 'admin' }],
      tokenTtl: 600,
    });
    await gate.resourceServer({
      identifier: URI,
      name: 'Orders API',
      scopes: [{ name: 'read' }, { name: 'write' }],
    });
    await gate.resourceServer({
      identifier: URI_V2,
      name: 'Orders API v2',
      scopes: [{ name: 'read' }, { name: 'write' }],
      tokenTtl: 900,
    });
    await gate.resourceServer({
      identifier: LEDGER_RS,
      name: 'Ledger (RSA)',
      scopes: [{ name: 'read' }],
      signingAlg: 'RS256',
    });
    await gate.resourceServer({
      identifier: LEDGER_ED,
      name: 'Ledger (Ed25519)',
      scopes: [{ name: 'read' }],
      signingAlg: 'EdDSA',
    });
    basic = await gate.client({
      scopes: [
        `${ORDERS}/read`,
        `${ORDERS}/write`,
        `${URI}/read`,
        `${URI_V2}/write`,
        `${LEDGER_RS}/read`,
        `${LEDGER_ED}/read`,
      ],
    });
    post = await gate.client({ scopes: [`${ORDERS}/read`], authMethod: 'client_secret_post' });
    shortLived = await gate.client({ scopes: [`${ORDERS}/read`, `${URI_V2}/read`], tokenTtl: 120 });
  });

  const nowS = () => Math.floor(gate.clock.now() / 1000);

  test('client_secret_basic: an RFC 9068 token that jose verifies against the JWKS', async () => {
    const response = await oauth.clientCredentialsGrantRequest(
      gate.as,
      basic.client,
      oauth.ClientSecretBasic(basic.secret),
      { resource: ORDERS, scope: 'read' },
      INSECURE,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('pragma'), 'no-cache');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const raw = (await response.clone().json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(raw).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(raw.token_type, 'Bearer');
    assert.equal(raw.expires_in, 600);
    assert.equal(raw.scope, 'read');

    const result = await oauth.processClientCredentialsResponse(gate.as, basic.client, response);
    const { payload, protectedHeader } = await gate.verify(result.access_token, ORDERS);
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(typeof protectedHeader.kid, 'string');
    assert.deepEqual(Object.keys(payload).sort(), CLAIMS);
    assert.equal(payload.iss, gate.issuer);
    assert.equal(payload.sub, basic.clientId);
    assert.equal(payload.client_id, basic.clientId);
    assert.equal(payload.aud, ORDERS);
    assert.equal(payload.scope, 'read');
    assert.equal(payload.iat, nowS());
    assert.equal(payload.exp, nowS() + 600);
    assert.match(String(payload.jti), /^[\w-]{16,}$/);
  });

  test('client_secret_post: a token for the same request', async () => {
    const result = await gate.token(
      post,
      { resource: ORDERS, scope: 'read' },
      oauth.ClientSecretPost(post.secret),
    );
    assert.equal(result.token_type, 'bearer');
    assert.equal(result.expires_in, 600);
    assert.equal(result.scope, 'read');
    const { payload } = await gate.verify(result.access_token, ORDERS);
    assert.equal(payload.sub, post.clientId);
    assert.equal(payload.client_id, post.clientId);
  });

  test('every token is freshly signed with a unique jti, even at the same instant', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 8 }, () => gate.token(basic, { resource: ORDERS, scope: 'read' })),
    );
    const jtis = new Set<unknown>();
    for (const t of tokens) jtis.add((await gate.verify(t.access_token, ORDERS)).payload.jti);
    assert.equal(jtis.size, tokens.length);
    assert.equal(new Set(tokens.map((t) => t.access_token)).size, tokens.length);
  });

  test('qualified scopes name the resource by themselves', async () => {
    const result = await gate.token(basic, { scope: `${ORDERS}/read ${ORDERS}/write` });
    assert.deepEqual(result.scope?.split(' ').sort(), ['read', 'write']);
    const { payload } = await gate.verify(result.access_token, ORDERS);
    assert.equal(payload.aud, ORDERS);
    assert.deepEqual(String(payload.scope).split(' ').sort(), ['read', 'write']);
  });

  test('resource and qualified scopes together, when they agree', async () => {
    const result = await gate.token(basic, { resource: ORDERS, scope: `${ORDERS}/read write` });
    assert.deepEqual(result.scope?.split(' ').sort(), ['read', 'write']);
    assert.equal((await gate.verify(result.access_token, ORDERS)).payload.aud, ORDERS);
  });

  test('the same resource repeated is one resource', async () => {
    const result = await gate.token(basic, [
      ['resource', ORDERS],
      ['resource', ORDERS],
      ['scope', 'read'],
    ]);
    assert.equal(result.scope, 'read');
  });

  test('resource without scope: every scope the client holds there, and no other', async () => {
    const result = await gate.token(basic, { resource: ORDERS });
    assert.deepEqual(result.scope?.split(' ').sort(), ['read', 'write']);
    const { payload } = await gate.verify(result.access_token, ORDERS);
    assert.deepEqual(String(payload.scope).split(' ').sort(), ['read', 'write']);
  });

  test('URI identifiers: the longest registered identifier that prefixes the scope wins', async () => {
    const short = await gate.token(basic, { scope: `${URI}/read` });
    assert.equal(short.scope, 'read');
    assert.equal((await gate.verify(short.access_token, URI)).payload.aud, URI);

    const long = await gate.token(basic, { scope: `${URI_V2}/write` });
    assert.equal(long.scope, 'write');
    const { payload } = await gate.verify(long.access_token, URI_V2);
    assert.equal(payload.aud, URI_V2);
    assert.equal(payload.scope, 'write');

    // v2/read would also parse as scope "v2/read" on the shorter identifier; it must not.
    await rejectsWith(gate.token(basic, { scope: `${URI_V2}/read` }), 400, 'invalid_scope');
  });

  test('URI identifiers with resource=: exact identifier, short scope names', async () => {
    const result = await gate.token(basic, { resource: URI_V2, scope: 'write' });
    assert.equal((await gate.verify(result.access_token, URI_V2)).payload.scope, 'write');
    const all = await gate.token(basic, { resource: URI });
    assert.equal(all.scope, 'read');
    assert.equal((await gate.verify(all.access_token, URI)).payload.aud, URI);
  });

  test('token lifetime: the resource server default and its own setting', async () => {
    const uri = await gate.token(basic, { resource: URI });
    assert.equal(uri.expires_in, 3600);
    const { payload } = await gate.verify(uri.access_token, URI);
    assert.equal(payload.iat, nowS());
    assert.equal(payload.exp, nowS() + 3600);

    const v2 = await gate.token(basic, { resource: URI_V2 });
    assert.equal(v2.expires_in, 900);
    assert.equal((await gate.verify(v2.access_token, URI_V2)).payload.exp, nowS() + 900);
  });

  test("token lifetime: a client's override wins on every resource", async () => {
    for (const resource of [ORDERS, URI_V2]) {
      const result = await gate.token(shortLived, { resource });
      assert.equal(result.expires_in, 120);
      const { payload } = await gate.verify(result.access_token, resource);
      assert.equal(payload.iat, nowS());
      assert.equal(payload.exp, nowS() + 120);
    }
  });

  test('iat follows the clock', async () => {
    await gate.withClockAdvanced(12_345_000, async () => {
      const result = await gate.token(basic, { resource: ORDERS });
      const { payload } = await gate.verify(result.access_token, ORDERS);
      assert.equal(payload.iat, nowS());
      assert.equal(payload.exp, nowS() + 600);
    });
  });

  for (const [identifier, alg, kty] of [
    [LEDGER_RS, 'RS256', 'RSA'],
    [LEDGER_ED, 'EdDSA', 'OKP'],
  ] as const) {
    test(`${alg} resource server: tokens signed with ${alg}, verified by jose`, async () => {
      const result = await gate.token(basic, { scope: `${identifier}/read` });
      const header = decodeProtectedHeader(result.access_token);
      assert.equal(header.alg, alg);
      assert.equal(header.typ, 'at+jwt');
      const { payload, protectedHeader, key } = await gate.verify(result.access_token, identifier);
      assert.equal(protectedHeader.alg, alg);
      assert.equal(payload.aud, identifier);
      assert.equal(payload.scope, 'read');
      assert.equal((key as { type?: string }).type, 'public');
      const jwks = (await (await fetch(String(gate.as.jwks_uri))).json()) as {
        keys: Record<string, unknown>[];
      };
      const published = jwks.keys.find((k) => k.kid === header.kid);
      assert.equal(published?.alg, alg);
      assert.equal(published?.kty, kty);
    });
  }

  test('secret rotation: a second secret works alongside, and revoking the first cuts it off', async () => {
    const rotating = await gate.client({ scopes: [`${ORDERS}/read`] });
    const added = await gate.server.gatehouse.secrets.add(rotating.clientId, {}, CLI_ACTOR);
    await gate.server.runtime.poll();
    const next: RegisteredClient = { ...rotating, secret: added.value };
    assert.notEqual(added.value, rotating.secret);
    await gate.token(rotating, { resource: ORDERS });
    await gate.token(next, { resource: ORDERS });

    await gate.server.gatehouse.secrets.revoke(rotating.clientId, rotating.secretId, CLI_ACTOR);
    await gate.server.runtime.poll();
    await rejectsWith(gate.token(rotating, { resource: ORDERS }), 401, 'invalid_client');
    const result = await gate.token(next, { resource: ORDERS });
    assert.equal((await gate.verify(result.access_token, ORDERS)).payload.sub, rotating.clientId);
  });

  test('a disabled client that is enabled again gets tokens again', async () => {
    const toggled = await gate.client({ scopes: [`${ORDERS}/read`] });
    await gate.setEnabled(toggled.clientId, false);
    await rejectsWith(gate.token(toggled, { resource: ORDERS }), 401, 'invalid_client');
    await gate.setEnabled(toggled.clientId, true);
    assert.equal((await gate.token(toggled, { resource: ORDERS })).scope, 'read');
  });

  test('a grant added later is honoured after the change is picked up', async () => {
    const growing = await gate.client({ scopes: [`${ORDERS}/read`] });
    await rejectsWith(gate.token(growing, { scope: `${ORDERS}/write` }), 400, 'invalid_scope');
    await gate.server.gatehouse.clients.addPermissions(growing.clientId, [`${ORDERS}/write`], CLI_ACTOR);
    await gate.server.runtime.poll();
    assert.equal((await gate.token(growing, { scope: `${ORDERS}/write` })).scope, 'write');
  });
});

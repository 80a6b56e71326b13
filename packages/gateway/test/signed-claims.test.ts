import * as assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { RunningGateway } from '../src/index.js';
import { AuthServer, type RegisteredClient } from './support/auth-server.js';
import { type LogEntry, startTestGateway } from './support/gateway.js';
import { bearer, request } from './support/http.js';
import { KeyDir } from './support/keys.js';
import { PoolIssuer } from './support/pool-issuer.js';
import { type Echo, TestUpstream } from './support/upstream.js';

const API = 'lj-health-food';
const APP = 'app1client1234567890abcdef';
const GATEWAY_ISSUER = 'https://gateway.example.com';
const JWKS_PATH = '/.well-known/gatehouse-gateway/jwks.json'; // as published: a change here is a change for every upstream
const TYP = 'gatehouse-claims+jwt';
const HEADER = 'x-gatehouse-jwt-assertion';

describe('routes that forward the verified claims as one signed header', () => {
  let auth: AuthServer;
  let pool: PoolIssuer;
  let upstream: TestUpstream;
  let keys: KeyDir;
  let keyFile: string;
  let gateway: RunningGateway;
  let logs: LogEntry[];
  let partner: RegisteredClient;
  let token: string;
  const url = (path: string) => gateway.url + path;
  /** What the upstream received for a request with `headers`. */
  const received = async (path: string, headers: Record<string, string>) => {
    const answer = await request(url(path), { headers });
    assert.equal(answer.status, 200, answer.body.toString());
    return answer.json<Echo>().headers;
  };
  /** Verifies an assertion as an upstream would: against the gateway's published keys, over HTTP. */
  const verify = (assertion: unknown, audience: string) =>
    jwtVerify(String(assertion), createRemoteJWKSet(new URL(url(JWKS_PATH))), {
      issuer: GATEWAY_ISSUER,
      audience,
      typ: TYP,
      algorithms: ['ES256'],
    });

  before(async () => {
    auth = await AuthServer.start();
    pool = await PoolIssuer.start();
    upstream = await new TestUpstream().start();
    keys = new KeyDir();
    keyFile = keys.ecPem();
    await auth.resourceServer(API, ['list-orders']);
    partner = await auth.client([`${API}/list-orders`]);
    token = await auth.token(partner, `${API}/list-orders`);
    ({ gateway, logs } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      signedClaims: { issuer: GATEWAY_ISSUER, keyFile },
      userPools: [{ issuer: pool.issuer, clientIds: [APP] }],
      routes: [
        { path: '/signed', upstream: upstream.url, scopes: ['list-orders'], forwardClaims: 'signed' },
        {
          path: '/addressed',
          upstream: `${upstream.url}/base`,
          forwardClaims: 'signed',
          claimsAudience: 'https://orders.internal',
        },
        { path: '/people', upstream: upstream.url, tokens: 'user', forwardClaims: 'signed' },
        { path: '/headers', upstream: upstream.url, scopes: ['list-orders'] },
        // A catch-all: the gateway's key set must still never reach an upstream.
        { path: '/', upstream: upstream.url, auth: 'none' },
      ],
    }));
  });
  after(async () => {
    await gateway?.close();
    await upstream?.close();
    await pool?.close();
    await auth?.close();
    keys?.remove();
  });

  test('the upstream gets one assertion that verifies against the published key set', async () => {
    const headers = await received('/signed/orders', bearer(token));
    const { payload, protectedHeader } = await verify(headers[HEADER], upstream.url);
    assert.equal(protectedHeader.typ, TYP);
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(typeof protectedHeader.kid, 'string');
    assert.equal(payload.iss, GATEWAY_ISSUER);
    assert.equal(payload.aud, upstream.url);
    assert.equal(payload.sub, partner.clientId);
    assert.equal(payload.client_id, partner.clientId);
    assert.equal(payload.scope, 'list-orders');
    assert.equal(payload.token_iss, auth.issuer);
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 60);
    assert.ok(Math.abs((payload.iat ?? 0) - Date.now() / 1000) < 5);
    assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
    // The one header replaces the X-Gatehouse-* identity headers; the token stays behind.
    assert.deepEqual(
      Object.keys(headers).filter((name) => name.startsWith('x-gatehouse-')),
      [HEADER],
    );
    assert.equal(headers.authorization, undefined);
  });

  test('a configured audience is the aud; the route upstream otherwise', async () => {
    const headers = await received('/addressed', bearer(token));
    const { payload } = await verify(headers[HEADER], 'https://orders.internal');
    assert.equal(payload.aud, 'https://orders.internal');
    await assert.rejects(verify(headers[HEADER], upstream.url), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
  });

  test('a person: the pool claims come along, and exp never passes the token own', async () => {
    const soon = Math.floor(Date.now() / 1000) + 20;
    const person = pool.accessToken(API, APP, 'openid', { exp: soon, 'cognito:groups': ['staff'] });
    const headers = await received('/people', bearer(person));
    const { payload } = await verify(headers[HEADER], upstream.url);
    assert.equal(payload.sub, '5f0c8e4e-7d0a-4a53-9a51-1f8d2f3c9b10');
    assert.equal(payload.client_id, APP);
    assert.equal(payload.token_iss, pool.issuer);
    assert.equal(payload.token_use, 'access');
    assert.equal(payload.username, 'ada');
    assert.deepEqual(payload['cognito:groups'], ['staff']);
    assert.equal(typeof payload.auth_time, 'number');
    assert.equal(payload.exp, soon);
  });

  test('a spoofed incoming assertion never reaches an upstream', async () => {
    const forged = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.';
    const signed = await received('/signed', { ...bearer(token), 'X-Gatehouse-Jwt-Assertion': forged });
    assert.notEqual(signed[HEADER], forged);
    await verify(signed[HEADER], upstream.url);
    const headers = await received('/headers', { ...bearer(token), 'X-Gatehouse-Jwt-Assertion': forged });
    assert.equal(headers[HEADER], undefined);
    const open = await received('/menu', { 'X-Gatehouse-Jwt-Assertion': forged });
    assert.equal(open[HEADER], undefined);
  });

  test('headers mode is unchanged, and carries no assertion', async () => {
    const headers = await received('/headers', bearer(token));
    assert.equal(headers['x-gatehouse-client-id'], partner.clientId);
    assert.equal(headers['x-gatehouse-scopes'], 'list-orders');
    assert.equal(headers[HEADER], undefined);
  });

  test('one assertion per token and audience while the token cache holds it', async () => {
    const first = (await received('/signed', bearer(token)))[HEADER];
    const second = (await received('/signed', bearer(token)))[HEADER];
    assert.equal(second, first);
    const other = await auth.token(partner, `${API}/list-orders`);
    assert.notEqual((await received('/signed', bearer(other)))[HEADER], first);
  });

  test('the key set: public members only, a kid, cacheable; never proxied, GET only', async () => {
    const before = upstream.received;
    const answer = await request(url(JWKS_PATH));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['cache-control'], 'public, max-age=300');
    const { keys: published } = answer.json<{ keys: Record<string, string>[] }>();
    assert.equal(published.length, 1);
    const [jwk] = published;
    assert.deepEqual(Object.keys(jwk ?? {}).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.equal(jwk?.alg, 'ES256');
    assert.equal(jwk?.use, 'sig');
    const assertion = (await received('/signed', bearer(token)))[HEADER];
    assert.equal(decodeProtectedHeader(String(assertion)).kid, jwk?.kid);
    const post = await request(url(JWKS_PATH), { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assert.equal(upstream.received, before + 1, 'only the /signed request reached the upstream');
  });

  test('a refused request on a signed route is logged like any other, and signs nothing', async () => {
    const before = upstream.received;
    const answer = await request(url('/signed'));
    assert.equal(answer.status, 401);
    assert.equal(upstream.received, before);
    assert.ok(logs.some((l) => l.event === 'token_refused' && l.route === '/signed'));
  });
});

describe('the signing key is shared, and read from PEM or JWK', () => {
  let auth: AuthServer;
  let upstream: TestUpstream;
  let keys: KeyDir;
  let token: string;

  before(async () => {
    auth = await AuthServer.start();
    upstream = await new TestUpstream().start();
    keys = new KeyDir();
    await auth.resourceServer(API, ['list-orders']);
    token = await auth.token(await auth.client([`${API}/list-orders`]), `${API}/list-orders`);
  });
  after(async () => {
    await upstream?.close();
    await auth?.close();
    keys?.remove();
  });

  const start = (keyFile: string) =>
    startTestGateway({
      issuer: auth.issuer,
      audience: API,
      signedClaims: { issuer: GATEWAY_ISSUER, keyFile, ttlSeconds: 30 },
      routes: [{ path: '/', upstream: upstream.url, forwardClaims: 'signed' }],
    });

  test('two instances with one key file publish the same key set, and each verifies the other', async () => {
    const keyFile = keys.ecPem('shared.pem');
    const [a, b] = await Promise.all([start(keyFile), start(keyFile)]);
    try {
      const jwksA = (await request(a.gateway.url + JWKS_PATH)).body.toString();
      const jwksB = (await request(b.gateway.url + JWKS_PATH)).body.toString();
      assert.equal(jwksA, jwksB);
      const fromB = (await request(`${b.gateway.url}/x`, { headers: bearer(token) })).json<Echo>().headers;
      const { payload } = await jwtVerify(
        String(fromB[HEADER]),
        createRemoteJWKSet(new URL(a.gateway.url + JWKS_PATH)),
        { issuer: GATEWAY_ISSUER, audience: upstream.url, typ: TYP },
      );
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 30);
    } finally {
      await a.gateway.close();
      await b.gateway.close();
    }
  });

  test('a rotation: the next key is published before it signs, the old one after', async () => {
    const oldKey = keys.ecPem('old.pem');
    const nextKey = keys.ecPem('next.pem');
    const publicKey = createPublicKey(readFileSync(nextKey, 'utf8'));
    const nextPublic = keys.write(
      'next.pub.pem',
      publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    );
    const withKeys = (keyFile: string, publishKeyFiles: string[]) =>
      startTestGateway({
        issuer: auth.issuer,
        audience: API,
        signedClaims: { issuer: GATEWAY_ISSUER, keyFile, publishKeyFiles },
        routes: [{ path: '/', upstream: upstream.url, forwardClaims: 'signed' }],
      });
    // Step 1: the old key signs, the next one is published (a public key file is enough).
    const before = await withKeys(oldKey, [nextPublic, oldKey]);
    // Step 2, on another instance: the next key signs, the old one is still published.
    const afterwards = await withKeys(nextKey, [oldKey]);
    try {
      const set = (gateway: RunningGateway) =>
        request(gateway.url + JWKS_PATH).then((a) => a.json<{ keys: { kid: string }[] }>().keys);
      const [early, late] = await Promise.all([set(before.gateway), set(afterwards.gateway)]);
      assert.equal(early.length, 2, 'the signing key listed again is published once');
      assert.deepEqual(
        early.map((k) => k.kid),
        [late[1]?.kid, late[0]?.kid],
      );
      // An upstream holding the early set accepts what the late instance signs, and back.
      const check = async (from: RunningGateway, keysOf: RunningGateway) => {
        const headers = (await request(`${from.url}/x`, { headers: bearer(token) })).json<Echo>().headers;
        await jwtVerify(String(headers[HEADER]), createRemoteJWKSet(new URL(keysOf.url + JWKS_PATH)), {
          issuer: GATEWAY_ISSUER,
          audience: upstream.url,
          typ: TYP,
        });
      };
      await check(afterwards.gateway, before.gateway);
      await check(before.gateway, afterwards.gateway);
    } finally {
      await before.gateway.close();
      await afterwards.gateway.close();
    }
  });

  test('a private JWK keeps its kid and alg', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'gateway-2026', alg: 'EdDSA' };
    const { gateway } = await start(keys.write('gateway.jwk.json', JSON.stringify(jwk)));
    try {
      const published = (await request(gateway.url + JWKS_PATH)).json<{ keys: Record<string, string>[] }>();
      assert.deepEqual(published.keys, [
        { kty: 'OKP', crv: 'Ed25519', x: jwk.x ?? '', kid: 'gateway-2026', alg: 'EdDSA', use: 'sig' },
      ]);
      const headers = (await request(`${gateway.url}/x`, { headers: bearer(token) })).json<Echo>().headers;
      const { protectedHeader } = await jwtVerify(
        String(headers[HEADER]),
        createRemoteJWKSet(new URL(gateway.url + JWKS_PATH)),
        { issuer: GATEWAY_ISSUER, audience: upstream.url, typ: TYP },
      );
      assert.deepEqual(protectedHeader, { alg: 'EdDSA', typ: TYP, kid: 'gateway-2026' });
    } finally {
      await gateway.close();
    }
  });

  test('a gateway without signedClaims answers the key set path itself with 404', async () => {
    const { gateway } = await startTestGateway({
      issuer: auth.issuer,
      audience: API,
      routes: [{ path: '/', upstream: upstream.url, auth: 'none' }],
    });
    try {
      const before = upstream.received;
      const answer = await request(gateway.url + JWKS_PATH);
      assert.equal(answer.status, 404);
      assert.equal(answer.json().error, 'not_found');
      assert.equal(upstream.received, before);
    } finally {
      await gateway.close();
    }
  });
});

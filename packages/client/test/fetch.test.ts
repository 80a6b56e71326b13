import { CLI_ACTOR } from '@gatehouse/server';
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTokenClient, type TokenClient } from '../src/index.js';
import { type RegisteredClient, recordingFetch, useGatehouse } from './support/gatehouse.js';

interface Seen {
  path: string;
  token: string;
  body: string;
}

/** A small orders API: it refuses the tokens in `revoked`, and a few paths refuse in other ways. */
class OrdersApi {
  readonly seen: Seen[] = [];
  readonly revoked = new Set<string>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const path = req.url ?? '/';
        this.seen.push({ path, token, body });
        if (path === '/always-refuses' || this.revoked.has(token)) {
          res.writeHead(401, {
            'www-authenticate': 'Bearer realm="orders", error="invalid_token", error_description="revoked"',
          });
          res.end();
        } else if (path === '/forbidden') {
          res.writeHead(403, {
            'www-authenticate': 'Bearer error="insufficient_scope", scope="list-orders"',
          });
          res.end();
        } else if (path === '/plain-401') {
          res.writeHead(401, { 'www-authenticate': 'Bearer realm="orders"' }).end();
        } else {
          const echo = { method: req.method, body, custom: req.headers['x-custom'] ?? null };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(echo));
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('client.fetch against a real Gatehouse and a real API', () => {
  const gate = useGatehouse();
  const api = new OrdersApi();
  let registered: RegisteredClient;
  let client: TokenClient;
  let calls: string[];
  const tokenRequests = () => calls.filter((c) => c === 'POST /oauth2/token').length;

  before(async () => {
    await api.start();
    registered = await gate.client({ scopes: ['lj-health-food/place-order'] });
  });
  after(() => api.stop());
  beforeEach(() => {
    const recorder = recordingFetch();
    calls = recorder.calls;
    client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId: registered.clientId,
      clientSecret: registered.secret,
      scopes: ['lj-health-food/place-order'],
      fetch: recorder.fetch,
    });
    api.seen.length = 0;
  });

  test('sends the cached token as a Bearer header, keeping the caller’s headers', async () => {
    const token = await client.getToken();
    const response = await client.fetch(`${api.url}/orders`, { headers: { 'x-custom': 'yes' } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { method: 'GET', body: '', custom: 'yes' });
    assert.equal(api.seen[0]?.token, token);
    assert.equal(tokenRequests(), 1);
  });

  const replayable: [string, () => NonNullable<RequestInit['body']>][] = [
    ['a string', () => JSON.stringify({ item: 'granola' })],
    ['URLSearchParams', () => new URLSearchParams({ item: 'granola' })],
    ['a Uint8Array', () => new TextEncoder().encode('{"item":"granola"}')],
  ];
  for (const [name, body] of replayable) {
    test(`401 invalid_token once: a new token and one retry, sending ${name} again`, async () => {
      const stale = await client.getToken();
      api.revoked.add(stale);
      const response = await client.fetch(`${api.url}/orders`, { method: 'POST', body: body() });
      assert.equal(response.status, 200);
      assert.equal(api.seen.length, 2);
      assert.equal(api.seen[0]?.token, stale);
      assert.notEqual(api.seen[1]?.token, stale);
      assert.equal(api.seen[1]?.body, api.seen[0]?.body);
      assert.match(api.seen[1]?.body ?? '', /granola/);
      assert.equal(tokenRequests(), 2);
      assert.equal(await client.getToken(), api.seen[1]?.token, 'the new token is the cached one now');
    });
  }

  test('an API that refuses every token: exactly one retry, then its 401 is returned', async () => {
    const response = await client.fetch(`${api.url}/always-refuses`);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /invalid_token/);
    assert.equal(api.seen.length, 2);
    assert.equal(tokenRequests(), 2);
  });

  test('concurrent 401s for the same token share one new token', async () => {
    const stale = await client.getToken();
    api.revoked.add(stale);
    const responses = await Promise.all(Array.from({ length: 6 }, () => client.fetch(`${api.url}/orders`)));
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(tokenRequests(), 2);
    assert.equal(api.seen.filter((s) => s.token === stale).length, 6);
    assert.equal(new Set(api.seen.filter((s) => s.token !== stale).map((s) => s.token)).size, 1);
  });

  test('no retry for a 403 insufficient_scope, or a 401 without invalid_token', async () => {
    assert.equal((await client.fetch(`${api.url}/forbidden`)).status, 403);
    assert.equal((await client.fetch(`${api.url}/plain-401`)).status, 401);
    assert.equal(api.seen.length, 2);
    assert.equal(tokenRequests(), 1);
  });

  test('no retry when the body is a stream (it cannot be sent twice), but the token is dropped', async () => {
    const stale = await client.getToken();
    api.revoked.add(stale);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const response = await client.fetch(`${api.url}/orders`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 401);
    assert.equal(api.seen.length, 1);
    assert.equal(api.seen[0]?.body, 'streamed');
    assert.equal(tokenRequests(), 1);
    assert.notEqual(await client.getToken(), stale, 'the next call goes with a new token');
    assert.equal(tokenRequests(), 2);
  });

  test('a Request as input: its headers are kept, and a body-less one is retried', async () => {
    const stale = await client.getToken();
    api.revoked.add(stale);
    const request = new Request(`${api.url}/orders`, { headers: { 'x-custom': 'from-request' } });
    const response = await client.fetch(request);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { custom: string }).custom, 'from-request');
    assert.equal(api.seen.length, 2);
  });

  test('when the new token is refused too (client disabled), client.fetch throws the TokenError', async () => {
    const doomed = await gate.client({ scopes: ['lj-health-food/place-order'] });
    const doomedClient = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId: doomed.clientId,
      clientSecret: doomed.secret,
      scopes: ['lj-health-food/place-order'],
    });
    api.revoked.add(await doomedClient.getToken());
    await gate.server.gatehouse.clients.setEnabled(doomed.clientId, false, CLI_ACTOR);
    await gate.server.runtime.poll();
    await assert.rejects(doomedClient.fetch(`${api.url}/orders`), {
      name: 'TokenError',
      code: 'ERR_OAUTH',
      oauthError: 'invalid_client',
    });
    assert.equal(api.seen.length, 1);
  });
});

import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { createTokenClient, type TokenClientOptions, TokenError } from '../src/index.js';
import { keyPair, type RegisteredClient, recordingFetch, useGatehouse } from './support/gatehouse.js';

const SCOPES = ['lj-health-food/place-order'];
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** Asserts a TokenError with these fields, and returns it for more checks. */
async function rejectsWithTokenError(
  promise: Promise<unknown>,
  expected: Partial<Pick<TokenError, 'code' | 'status' | 'oauthError'>>,
): Promise<TokenError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof TokenError, `expected a TokenError, got ${String(caught)}`);
  for (const [name, value] of Object.entries(expected)) {
    assert.equal(caught[name as keyof TokenError], value, `${name}: ${caught.message}`);
  }
  return caught;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const GOOD = { access_token: 'aGVsbG8.d29ybGQ.c2ln', token_type: 'Bearer', expires_in: 300 };

/** A client of a token endpoint that exists only as `answer`, one call at a time. */
function fake(
  answer: (call: number) => Response | Promise<Response>,
  extra: Partial<TokenClientOptions> = {},
) {
  let call = 0;
  const recorder = recordingFetch(async () => answer(++call));
  const client = createTokenClient({
    tokenEndpoint: 'https://auth.example.com/oauth2/token',
    clientId: 'client-1',
    clientSecret: 'fake-secret-value',
    scopes: SCOPES,
    retry: FAST_RETRY,
    fetch: recorder.fetch,
    ...extra,
  } as TokenClientOptions);
  return { client, calls: recorder.calls };
}

describe('OAuth errors from a real Gatehouse surface at once', () => {
  const gate = useGatehouse();
  let registered: RegisteredClient;
  before(async () => {
    registered = await gate.client({ scopes: SCOPES });
  });

  function make(extra: Partial<TokenClientOptions>) {
    const recorder = recordingFetch(extra.fetch);
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId: registered.clientId,
      clientSecret: registered.secret,
      scopes: SCOPES,
      now: gate.clock.now,
      retry: FAST_RETRY,
      ...extra,
      fetch: recorder.fetch,
    } as TokenClientOptions);
    return { client, calls: recorder.calls };
  }

  test('invalid_client: a wrong secret, one request, and the secret nowhere in the error', async () => {
    const wrong = `${registered.secret.slice(0, -4)}AAAA`;
    const { client, calls } = make({ clientSecret: wrong });
    const error = await rejectsWithTokenError(client.getToken(), {
      code: 'ERR_OAUTH',
      status: 401,
      oauthError: 'invalid_client',
    });
    assert.equal(calls.length, 1);
    assert.match(error.message, /^POST http:\/\/localhost:\d+\/oauth2\/token answered 401 invalid_client/);
    assert.equal(typeof error.oauthErrorDescription, 'string');
    for (const text of [error.message, inspect(error), JSON.stringify(error), String(error.stack)]) {
      assert.ok(!text.includes(wrong), 'the secret leaked into the error');
    }
  });

  test('invalid_scope: a scope the client was not granted, one request', async () => {
    const { client, calls } = make({ scopes: ['lj-health-food/list-orders'] });
    const error = await rejectsWithTokenError(client.getToken(), {
      code: 'ERR_OAUTH',
      status: 400,
      oauthError: 'invalid_scope',
    });
    assert.match(error.oauthErrorDescription ?? '', /not allowed scope "list-orders"/);
    assert.equal(calls.length, 1);
  });

  test('invalid_target: an unknown resource, one request', async () => {
    const { client, calls } = make({ resource: 'no-such-api', scopes: [] });
    await rejectsWithTokenError(client.getToken(), { code: 'ERR_OAUTH', oauthError: 'invalid_target' });
    assert.equal(calls.length, 1);
  });

  test('private_key_jwt with a key that was never registered: invalid_client', async () => {
    const registeredKey = keyPair('ec', 'k1');
    const { clientId } = await gate.client({
      scopes: SCOPES,
      authMethod: 'private_key_jwt',
      jwks: { keys: [registeredKey.publicJwk] },
    });
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId,
      privateKey: keyPair('ec').privateKey,
      keyId: 'k1',
      now: gate.clock.now,
    });
    await rejectsWithTokenError(client.getToken(), { code: 'ERR_OAUTH', oauthError: 'invalid_client' });
  });

  test('a flaky network: a thrown error, then a 503, then the real server answers', async () => {
    let call = 0;
    const { client, calls } = make({
      fetch: (input, init) => {
        call++;
        if (call === 1) return Promise.reject(new TypeError('fetch failed'));
        if (call === 2) return Promise.resolve(json(503, { error: 'temporarily_unavailable' }));
        return fetch(input, init);
      },
    });
    assert.equal(typeof (await client.getToken()), 'string');
    assert.equal(calls.length, 3);
  });
});

describe('retries, timeouts and answers that are not token responses', () => {
  test('a 503 on every try: ERR_OAUTH temporarily_unavailable after all attempts', async () => {
    const { client, calls } = fake(() => json(503, { error: 'temporarily_unavailable' }));
    const error = await rejectsWithTokenError(client.getToken(), {
      code: 'ERR_OAUTH',
      status: 503,
      oauthError: 'temporarily_unavailable',
    });
    assert.match(error.message, /after 3 attempts$/);
    assert.equal(calls.length, 3);
  });

  test('a 500 without an error body on every try: ERR_BAD_RESPONSE', async () => {
    const { client, calls } = fake(() => new Response('<h1>oops</h1>', { status: 500 }));
    await rejectsWithTokenError(client.getToken(), { code: 'ERR_BAD_RESPONSE', status: 500 });
    assert.equal(calls.length, 3);
  });

  test('an endless answer is cut off at 1 MiB: ERR_BAD_RESPONSE, no retry', async () => {
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 64 * 1024;
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const { client, calls } = fake(endless);
    const error = await rejectsWithTokenError(client.getToken(), { code: 'ERR_BAD_RESPONSE', status: 200 });
    assert.match(error.message, /larger than 1048576 bytes/);
    assert.equal(calls.length, 1);
    assert.ok(pulled <= 1024 * 1024 + 3 * 64 * 1024, `read ${pulled} bytes`);
  });

  test('an answer announcing more than 1 MiB is refused before its body is read', async () => {
    const { client } = fake(
      () => new Response('{}', { status: 200, headers: { 'content-length': String(2 * 1024 * 1024) } }),
    );
    await rejectsWithTokenError(client.getToken(), { code: 'ERR_BAD_RESPONSE', status: 200 });
  });

  test('429 is retried; a 4xx without an OAuth body is not', async () => {
    const limited = fake((call) => (call === 1 ? new Response('', { status: 429 }) : json(200, GOOD)));
    assert.equal(await limited.client.getToken(), GOOD.access_token);
    assert.equal(limited.calls.length, 2);
    const missing = fake(() => new Response('not found', { status: 404 }));
    await rejectsWithTokenError(missing.client.getToken(), { code: 'ERR_BAD_RESPONSE', status: 404 });
    assert.equal(missing.calls.length, 1);
  });

  test('Retry-After is honoured, and capped at maxDelayMs', async () => {
    const { client } = fake(
      (call) =>
        call === 1
          ? json(503, { error: 'temporarily_unavailable' }, { 'retry-after': '3' })
          : json(200, GOOD),
      { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 300 } },
    );
    const started = performance.now();
    await client.getToken();
    const waited = performance.now() - started;
    assert.ok(waited >= 280 && waited < 2000, `waited ${waited} ms; expected the 300 ms cap`);
  });

  test('no answer at all on every try: ERR_NETWORK, naming the endpoint and the attempts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const client = createTokenClient({
      tokenEndpoint: `http://127.0.0.1:${port}/oauth2/token`,
      clientId: 'c',
      clientSecret: 's3cr3t-value',
      retry: FAST_RETRY,
    });
    const error = await rejectsWithTokenError(client.getToken(), { code: 'ERR_NETWORK' });
    assert.equal(
      error.message,
      `POST http://127.0.0.1:${port}/oauth2/token: network error (ECONNREFUSED) after 3 attempts`,
    );
  });

  describe('timeouts against a server that stalls', () => {
    let server: Server;
    let url: string;
    before(async () => {
      server = createServer((req, res) => {
        // /headers-only sends its status line and then nothing: the body read must time out too.
        if (req.url === '/headers-only')
          res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    for (const path of ['/silent', '/headers-only']) {
      test(`${path}: ERR_TIMEOUT after each try runs out of time`, async () => {
        const client = createTokenClient({
          tokenEndpoint: url + path,
          clientId: 'c',
          clientSecret: 's',
          timeoutMs: 100,
          retry: { attempts: 2, baseDelayMs: 1 },
        });
        const started = performance.now();
        const error = await rejectsWithTokenError(client.getToken(), { code: 'ERR_TIMEOUT' });
        assert.ok(performance.now() - started >= 190);
        assert.match(error.message, /no answer within 100 ms after 2 attempts$/);
      });
    }
  });

  const badBodies: [string, unknown][] = [
    ['token_type mac', { ...GOOD, token_type: 'mac' }],
    ['no token_type', { access_token: GOOD.access_token, expires_in: 300 }],
    ['no access_token', { token_type: 'Bearer', expires_in: 300 }],
    ['an access_token with a space', { ...GOOD, access_token: 'two words' }],
    ['expires_in 0', { ...GOOD, expires_in: 0 }],
    ['expires_in -5', { ...GOOD, expires_in: -5 }],
    ['expires_in 1.5', { ...GOOD, expires_in: 1.5 }],
    ['expires_in as a string', { ...GOOD, expires_in: '300' }],
    ['no expires_in', { access_token: GOOD.access_token, token_type: 'Bearer' }],
    ['scope not a string', { ...GOOD, scope: ['place-order'] }],
    ['a JSON array', [GOOD]],
    ['not JSON', 'access_token=abc'],
  ];
  for (const [name, body] of badBodies) {
    test(`ERR_BAD_RESPONSE for ${name}, with no retry and no token in the message`, async () => {
      const { client, calls } = fake(() => json(200, body));
      const error = await rejectsWithTokenError(client.getToken(), { code: 'ERR_BAD_RESPONSE', status: 200 });
      assert.equal(calls.length, 1);
      assert.ok(!error.message.includes(GOOD.access_token));
    });
  }

  test('token_type is case-insensitive; an omitted scope means the requested scopes', async () => {
    const { client } = fake(() => json(200, { ...GOOD, token_type: 'bEaReR' }));
    const response = await client.getTokenResponse();
    assert.equal(response.tokenType, 'Bearer');
    assert.deepEqual(response.scope, SCOPES);
  });

  test('refresh_token and id_token pass through when a server sends them, and only then', async () => {
    const plain = await fake(() => json(200, GOOD)).client.getTokenResponse();
    assert.equal('refreshToken' in plain || 'idToken' in plain, false);
    const extra = { refresh_token: 'cmVmcmVzaA', id_token: 'aWQ.dG9rZW4.c2ln' };
    const full = await fake(() => json(200, { ...GOOD, ...extra })).client.getTokenResponse();
    assert.equal(full.refreshToken, extra.refresh_token);
    assert.equal(full.idToken, extra.id_token);
  });

  test('a server echoing the secret in its error: redacted in the message and the fields', async () => {
    const { client } = fake(() =>
      json(401, { error: 'invalid_client', error_description: 'bad secret fake-secret-value for client-1' }),
    );
    const error = await rejectsWithTokenError(client.getToken(), { code: 'ERR_OAUTH' });
    assert.equal(error.oauthErrorDescription, 'bad secret [redacted] for client-1');
    assert.ok(!inspect(error).includes('fake-secret-value'));
  });

  test('inspect and JSON.stringify of a client show neither the secret nor the key', () => {
    const { client } = fake(() => json(200, GOOD));
    for (const text of [inspect(client, { showHidden: true, depth: 10 }), JSON.stringify(client)]) {
      assert.ok(!text.includes('fake-secret-value'), text);
      assert.match(text, /client-1/);
    }
    const { privateKey } = keyPair('ec');
    const d = String(privateKey.export({ format: 'jwk' }).d);
    const keyed = createTokenClient({
      tokenEndpoint: 'https://auth.example.com/oauth2/token',
      clientId: 'client-2',
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    });
    for (const text of [inspect(keyed, { showHidden: true, depth: 10 }), JSON.stringify(keyed)]) {
      assert.ok(!text.includes(d) && !text.includes('PRIVATE KEY'), text);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(keyed)), {
      clientId: 'client-2',
      tokenEndpoint: 'https://auth.example.com/oauth2/token',
      authMethod: 'private_key_jwt',
      scopes: [],
    });
  });
});

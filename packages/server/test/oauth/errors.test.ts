import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { before, test } from 'node:test';
import {
  assertOAuthError,
  basic,
  describeEachBackend,
  postForm,
  type RegisteredClient,
  send,
  type WireAnswer,
} from './harness.js';

const GRANT = { grant_type: 'client_credentials' };
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Sends bytes on a fresh socket and returns everything the server wrote before closing. */
function rawExchange(url: string, payload: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(payload);
  });
}

function parseRaw(raw: string): { statusLine: string; headers: string; body: unknown } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const [statusLine = '', ...rest] = head.split('\r\n');
  return { statusLine, headers: rest.join('\n').toLowerCase(), body: JSON.parse(raw.slice(split + 4)) };
}

/** A form streamed with chunked transfer-encoding, so the server cannot refuse it by Content-Length. */
function postChunked(url: string, chunks: string[], headers: Record<string, string>): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers: h, text, body: JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describeEachBackend('token endpoint errors', (gate) => {
  let client: RegisteredClient;
  let postClient: RegisteredClient;
  const token = (params: Record<string, string | string[]> | [string, string][], headers = {}) =>
    postForm(gate.tokenEndpoint, params, headers);
  const asClient = (params: Record<string, string | string[]> | [string, string][] = {}) =>
    postForm(
      gate.tokenEndpoint,
      Array.isArray(params) ? params : { ...GRANT, ...params },
      basic(client.clientId, client.secret),
    );

  before(async () => {
    await gate.resourceServer({
      identifier: 'orders',
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }, { name: 'admin' }],
    });
    await gate.resourceServer({ identifier: 'billing', name: 'Billing', scopes: [{ name: 'read' }] });
    await gate.resourceServer({
      identifier: 'https://api.example.com',
      name: 'API',
      scopes: [{ name: 'read' }],
    });
    client = await gate.client({ scopes: ['orders/read', 'orders/write', 'billing/read'] });
    postClient = await gate.client({ scopes: ['orders/read'], authMethod: 'client_secret_post' });
  });

  test('sanity: the well-formed request succeeds', async () => {
    const answer = await asClient({ resource: 'orders', scope: 'read' });
    assert.equal(answer.status, 200, answer.text);
  });

  // ---- client authentication ---------------------------------------------------------------

  test('unknown client and wrong secret get the identical 401 invalid_client', async () => {
    const unknown = await token({ ...GRANT, resource: 'orders' }, basic('no-such-client', client.secret));
    const wrong = await token({ ...GRANT, resource: 'orders' }, basic(client.clientId, `${client.secret}x`));
    assertOAuthError(unknown, 401, 'invalid_client');
    assertOAuthError(wrong, 401, 'invalid_client');
    assert.equal(unknown.text, wrong.text);
    assert.equal(unknown.headers.get('www-authenticate'), wrong.headers.get('www-authenticate'));
  });

  test('client_secret_post: unknown client and wrong secret are identical too', async () => {
    const unknown = await token({ ...GRANT, client_id: 'no-such-client', client_secret: postClient.secret });
    const wrong = await token({ ...GRANT, client_id: postClient.clientId, client_secret: 'wrong' });
    assertOAuthError(unknown, 401, 'invalid_client');
    assertOAuthError(wrong, 401, 'invalid_client');
    assert.equal(unknown.text, wrong.text);
  });

  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const garbage: [string, string][] = [
    ['non-Basic scheme', 'Bearer abc.def.ghi'],
    ['Digest scheme', 'Digest username="x", realm="y"'],
    ['bad base64', 'Basic !!!not-base64***'],
    ['base64 with embedded spaces', 'Basic YWJj ZGVm'],
    ['no colon', `Basic ${b64('just-a-client-id')}`],
    ['empty client id', `Basic ${b64(':secret')}`],
    ['bad percent-encoding', `Basic ${b64('%zz:secret')}`],
    ['scheme only', 'Basic'],
    ['scheme and spaces', 'Basic    '],
    ['huge', `Basic ${'QUFB'.repeat(2500)}`],
    ['binary', `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00, 0x80]).toString('base64')}`],
  ];
  for (const [name, header] of garbage) {
    test(`garbage Authorization header (${name}): 401 invalid_client`, async () => {
      const answer = await token({ ...GRANT, resource: 'orders' }, { authorization: header });
      assertOAuthError(answer, 401, 'invalid_client');
    });
  }

  // Regression: on PostgreSQL a NUL in the client_id reached the store and came back as a 500.
  // In the Basic header it is an unknown client; in the form, like any control character in
  // any parameter, a malformed request.
  test('a client_id holding NUL: 401 invalid_client in Basic, 400 invalid_request in the form', async () => {
    const unknown = await token({ ...GRANT }, basic('no-such-client', 'x'));
    const viaBasic = await token({ ...GRANT }, basic(`${client.clientId}\u0000`, client.secret));
    const viaPost = await token({ ...GRANT, client_id: `\u0000${postClient.clientId}`, client_secret: 'x' });
    assertOAuthError(viaBasic, 401, 'invalid_client');
    assertOAuthError(viaPost, 400, 'invalid_request');
    assert.equal(viaBasic.text, unknown.text);
    const introspect = await postForm(gate.introspectionEndpoint, { token: 'x' }, basic('a\u0000b', 'x'));
    assertOAuthError(introspect, 401, 'invalid_client');
  });

  test('two authentication methods at once: 400 invalid_request', async () => {
    const both = await token(
      { ...GRANT, client_id: client.clientId, client_secret: client.secret },
      basic(client.clientId, client.secret),
    );
    assertOAuthError(both, 400, 'invalid_request');
    const withAssertion = await token(
      { ...GRANT, client_assertion_type: JWT_BEARER, client_assertion: 'a.b.c' },
      basic(client.clientId, client.secret),
    );
    assertOAuthError(withAssertion, 400, 'invalid_request');
    const postAndAssertion = await token({
      ...GRANT,
      client_id: postClient.clientId,
      client_secret: postClient.secret,
      client_assertion_type: JWT_BEARER,
      client_assertion: 'a.b.c',
    });
    assertOAuthError(postAndAssertion, 400, 'invalid_request');
  });

  test('client_id in the body that contradicts the Basic header: 400 invalid_request', async () => {
    const answer = await token(
      { ...GRANT, client_id: postClient.clientId },
      basic(client.clientId, client.secret),
    );
    assertOAuthError(answer, 400, 'invalid_request');
  });

  test('no credentials at all: 401 invalid_client', async () => {
    assertOAuthError(await token({ ...GRANT, resource: 'orders' }), 401, 'invalid_client');
    assertOAuthError(await token({ ...GRANT, client_id: client.clientId }), 401, 'invalid_client');
    assertOAuthError(await token({ ...GRANT, client_secret: postClient.secret }), 401, 'invalid_client');
  });

  test('the form body by a client registered for Basic: 401, the same answer as an unknown client', async () => {
    const unknown = await token({ ...GRANT }, basic('no-such-client', 'x'));
    const basicViaPost = await token({ ...GRANT, client_id: client.clientId, client_secret: client.secret });
    assertOAuthError(basicViaPost, 401, 'invalid_client');
    assert.equal(basicViaPost.text, unknown.text);
  });

  // RFC 6749 §2.3.1: Basic is for every client that was issued a secret, whatever it registered.
  test('Basic by a client registered for client_secret_post: accepted', async () => {
    const postViaBasic = await token(
      { ...GRANT, resource: 'orders' },
      basic(postClient.clientId, postClient.secret),
    );
    assert.equal(postViaBasic.status, 200, postViaBasic.text);
  });

  test('a disabled client: 401 invalid_client', async () => {
    const disabled = await gate.client({ scopes: ['orders/read'] });
    await gate.setEnabled(disabled.clientId, false);
    const answer = await token({ ...GRANT, resource: 'orders' }, basic(disabled.clientId, disabled.secret));
    assertOAuthError(answer, 401, 'invalid_client');
  });

  test('a deleted client: 401 invalid_client', async () => {
    const deleted = await gate.client({ scopes: ['orders/read'] });
    assert.equal(
      (await token({ ...GRANT, resource: 'orders' }, basic(deleted.clientId, deleted.secret))).status,
      200,
    );
    await gate.server.gatehouse.clients.delete(deleted.clientId, CLI_ACTOR);
    await gate.server.runtime.poll();
    const answer = await token({ ...GRANT, resource: 'orders' }, basic(deleted.clientId, deleted.secret));
    assertOAuthError(answer, 401, 'invalid_client');
  });

  test('an expired secret: 401 invalid_client once the clock passes its expiry', async () => {
    const expiring = await gate.client({ scopes: ['orders/read'], secretExpiresIn: 3600 });
    const request = () => token({ ...GRANT, resource: 'orders' }, basic(expiring.clientId, expiring.secret));
    assert.equal((await request()).status, 200);
    await gate.withClockAdvanced(3599_000, async () => assert.equal((await request()).status, 200));
    await gate.withClockAdvanced(3600_000, async () =>
      assertOAuthError(await request(), 401, 'invalid_client'),
    );
    await gate.withClockAdvanced(86_400_000, async () =>
      assertOAuthError(await request(), 401, 'invalid_client'),
    );
  });

  // ---- grant_type and form parameters --------------------------------------------------------

  test('missing grant_type: 400 invalid_request', async () => {
    assertOAuthError(
      await token({ resource: 'orders' }, basic(client.clientId, client.secret)),
      400,
      'invalid_request',
    );
    // RFC 6749 §3.2: a parameter without a value is treated as omitted.
    assertOAuthError(await asClient([['grant_type', '']]), 400, 'invalid_request');
  });

  for (const grantType of [
    'password',
    'authorization_code',
    'refresh_token',
    'urn:ietf:params:oauth:grant-type:jwt-bearer',
    'CLIENT_CREDENTIALS',
    'x'.repeat(5000),
  ]) {
    test(`unsupported grant_type "${grantType.slice(0, 40)}": 400 unsupported_grant_type`, async () => {
      const answer = await asClient([['grant_type', grantType]]);
      assertOAuthError(answer, 400, 'unsupported_grant_type');
      assert.ok(answer.text.length < 1000, 'the description does not echo a huge value');
    });
  }

  for (const name of ['scope', 'grant_type', 'client_id', 'client_secret']) {
    test(`repeated "${name}": 400 invalid_request`, async () => {
      const params: [string, string][] = [
        ['grant_type', 'client_credentials'],
        ['resource', 'orders'],
        ['scope', 'read'],
      ];
      params.push([name, name === 'grant_type' ? 'client_credentials' : 'read']);
      const answer =
        name === 'client_id' || name === 'client_secret'
          ? await token([...params, ['client_id', postClient.clientId], ['client_secret', postClient.secret]])
          : await token(params, basic(client.clientId, client.secret));
      assertOAuthError(answer, 400, 'invalid_request');
    });
  }

  test('repeated resource with different values: 400 invalid_target', async () => {
    const answer = await asClient([
      ['grant_type', 'client_credentials'],
      ['resource', 'orders'],
      ['resource', 'billing'],
      ['scope', 'read'],
    ]);
    assertOAuthError(answer, 400, 'invalid_target');
  });

  test('the same resource named twice is still one resource: 200', async () => {
    const answer = await asClient([
      ['grant_type', 'client_credentials'],
      ['resource', 'orders'],
      ['resource', 'orders'],
      ['scope', 'read'],
    ]);
    assert.equal(answer.status, 200, answer.text);
  });

  for (const [name, contentType, body] of [
    ['JSON', 'application/json', JSON.stringify({ grant_type: 'client_credentials', resource: 'orders' })],
    ['text/plain', 'text/plain', 'grant_type=client_credentials&resource=orders'],
    [
      'multipart',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
    ],
    ['a look-alike type', 'application/x-www-form-urlencoded-evil', 'grant_type=client_credentials'],
  ] as const) {
    test(`wrong Content-Type (${name}): 400 invalid_request`, async () => {
      const answer = await send(gate.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': contentType, ...basic(client.clientId, client.secret) },
        body,
      });
      assertOAuthError(answer, 400, 'invalid_request');
    });
  }

  test('no Content-Type at all: 400 invalid_request', async () => {
    const answer = await send(gate.tokenEndpoint, {
      method: 'POST',
      headers: basic(client.clientId, client.secret),
      body: new Blob(['grant_type=client_credentials']),
    });
    assertOAuthError(answer, 400, 'invalid_request');
  });

  test('a charset parameter on the form type is fine', async () => {
    const answer = await send(gate.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        ...basic(client.clientId, client.secret),
      },
      body: 'grant_type=client_credentials&resource=orders',
    });
    assert.equal(answer.status, 200, answer.text);
  });

  test('a body that is not UTF-8: 400 invalid_request', async () => {
    const answer = await send(gate.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...basic(client.clientId, client.secret),
      },
      body: Buffer.concat([
        Buffer.from('grant_type=client_credentials&scope='),
        Buffer.from([0xc3, 0x28, 0xff]),
      ]),
    });
    assertOAuthError(answer, 400, 'invalid_request');
  });

  test('a body over 16 KiB with Content-Length: 413', async () => {
    const answer = await asClient({ resource: 'orders', padding: 'x'.repeat(16 * 1024) });
    assertOAuthError(answer, 413, 'invalid_request');
  });

  test('a body over 16 KiB streamed without Content-Length: 413', async () => {
    const answer = await postChunked(
      gate.tokenEndpoint,
      ['grant_type=client_credentials&padding=', 'x'.repeat(10_000), 'x'.repeat(10_000)],
      basic(client.clientId, client.secret),
    );
    assertOAuthError(answer, 413, 'invalid_request');
  });

  test('Expect: 100-continue with a body over 16 KiB: 413 before the body is sent', async () => {
    const raw = await rawExchange(
      gate.issuer,
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n',
    );
    assert.match(parseRaw(raw).statusLine, /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(raw, /100 Continue/);
  });

  test('a body of just under 16 KiB is read', async () => {
    const base = 'grant_type=client_credentials&resource=orders&padding=';
    const answer = await send(gate.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...basic(client.clientId, client.secret),
      },
      body: base + 'x'.repeat(16 * 1024 - base.length),
    });
    assert.equal(answer.status, 200, answer.text);
  });

  // ---- methods and paths -----------------------------------------------------------------------

  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    test(`${method} on the token endpoint: 405 with Allow: POST`, async () => {
      const answer = await send(gate.tokenEndpoint, { method });
      assertOAuthError(answer, 405, 'method_not_allowed');
      assert.equal(answer.headers.get('allow'), 'POST');
    });
  }

  test('GET on introspection and revocation: 405 with Allow: POST', async () => {
    for (const url of [gate.introspectionEndpoint, gate.revocationEndpoint]) {
      const answer = await send(url);
      assertOAuthError(answer, 405, 'method_not_allowed');
      assert.equal(answer.headers.get('allow'), 'POST');
    }
  });

  for (const path of ['/oauth2/nope', '/oauth2/token/', '/oauth2/authorize', '/.well-known/', '/%00']) {
    test(`unknown path ${path}: 404 JSON`, async () => {
      const answer = await send(gate.issuer + path);
      assertOAuthError(answer, 404, 'not_found');
      const posted = await send(gate.issuer + path, { method: 'POST', body: 'x=1' });
      assertOAuthError(posted, 404, 'not_found');
    });
  }

  // ---- scope and resource ------------------------------------------------------------------------

  test('a scope the client is not granted: 400 invalid_scope', async () => {
    assertOAuthError(await asClient({ resource: 'orders', scope: 'admin' }), 400, 'invalid_scope');
    assertOAuthError(await asClient({ scope: 'orders/admin' }), 400, 'invalid_scope');
    assertOAuthError(await asClient({ scope: 'orders/read orders/admin' }), 400, 'invalid_scope');
  });

  test('a resource the client holds nothing on: 400 invalid_scope', async () => {
    const answer = await token(
      { ...GRANT, resource: 'billing', client_id: postClient.clientId, client_secret: postClient.secret },
      {},
    );
    assertOAuthError(answer, 400, 'invalid_scope');
  });

  test('a scope the resource server does not have: 400 invalid_scope', async () => {
    assertOAuthError(await asClient({ resource: 'orders', scope: 'delete' }), 400, 'invalid_scope');
    assertOAuthError(await asClient({ scope: 'orders/delete' }), 400, 'invalid_scope');
  });

  test('an unknown resource: 400 invalid_target', async () => {
    assertOAuthError(await asClient({ resource: 'nope', scope: 'read' }), 400, 'invalid_target');
    assertOAuthError(await asClient({ resource: 'https://unknown.example.com' }), 400, 'invalid_target');
    assertOAuthError(await asClient({ resource: 'https://api.example.com/' }), 400, 'invalid_target');
    assertOAuthError(await asClient({ scope: 'nope/read' }), 400, 'invalid_target');
  });

  test('scopes spanning two resource servers: 400 invalid_target', async () => {
    assertOAuthError(await asClient({ scope: 'orders/read billing/read' }), 400, 'invalid_target');
    assertOAuthError(await asClient({ resource: 'orders', scope: 'billing/read' }), 400, 'invalid_target');
    assertOAuthError(
      await asClient({ resource: 'billing', scope: 'orders/read read' }),
      400,
      'invalid_target',
    );
  });

  test('a short scope without a resource: 400 invalid_scope', async () => {
    assertOAuthError(await asClient({ scope: 'read' }), 400, 'invalid_scope');
    assertOAuthError(await asClient({}), 400, 'invalid_scope');
  });

  for (const scope of ['read"', 'read\\x', 'rëad', 'orders/re"ad', '\u{1F600}']) {
    test(`malformed scope characters ${JSON.stringify(scope)}: 400 invalid_scope`, async () => {
      assertOAuthError(await asClient({ resource: 'orders', scope }), 400, 'invalid_scope');
    });
  }

  // No parameter holds a control character: refused with the form, before any lookup.
  for (const scope of ['read\twrite', 'read\u0000', 'read\u001b[0m']) {
    test(`a control character in the scope ${JSON.stringify(scope)}: 400 invalid_request`, async () => {
      assertOAuthError(await asClient({ resource: 'orders', scope }), 400, 'invalid_request');
    });
  }

  // ---- robustness ------------------------------------------------------------------------------

  test('no odd request gets a 500', async () => {
    const odd: [string, string][][] = [
      [
        ['grant_type', 'client_credentials'],
        ['scope', '/'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', '//'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'orders/'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', '/read'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'orders//read'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', '   '],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'https://api.example.com/read/'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['resource', '__proto__'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['scope', '__proto__/constructor'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['resource', 'orders'],
        ['scope', '__proto__'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['resource', 'orders'],
        ['scope', 'constructor'],
      ],
      [
        ['grant_type', 'client_credentials'],
        ['resource', 'x'.repeat(10_000)],
      ],
      [['grant_type', '__proto__']],
      [['grant_type', 'toString']],
    ];
    for (const params of odd) {
      const answer = await asClient(params);
      assert.ok(
        answer.status === 400,
        `${JSON.stringify(params).slice(0, 100)} → ${answer.status} ${answer.text}`,
      );
      assert.ok(answer.body && typeof answer.body.error === 'string');
    }
  });

  test('malformed HTTP gets a 400 and the server stays up', async () => {
    for (const garbageRequest of [
      'GARBAGE\r\n\r\n',
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nThis is not a header\r\n\r\n',
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      '\u0000\u0001\u0002\r\n\r\n',
    ]) {
      const raw = await rawExchange(gate.issuer, garbageRequest);
      const { statusLine, body } = parseRaw(raw);
      assert.match(statusLine, /^HTTP\/1\.1 400 /, JSON.stringify(garbageRequest));
      assert.deepEqual(Object.keys(body as object).sort(), ['error', 'error_description']);
    }
    const answer = await asClient({ resource: 'orders' });
    assert.equal(answer.status, 200);
  });

  test('oversized headers get a 431 and the server stays up', async () => {
    const raw = await rawExchange(
      gate.issuer,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    assert.match(parseRaw(raw).statusLine, /^HTTP\/1\.1 431 /);
    assert.equal((await send(`${gate.issuer}/healthz`)).status, 200);
  });

  test('a client that hangs up mid-body does not take the server down', async () => {
    const { hostname, port } = new URL(gate.issuer);
    await new Promise<void>((resolve) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        socket.write(
          'POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type=cli',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    assert.equal((await asClient({ resource: 'orders' })).status, 200);
    // A caller going away is not a server failure: nothing at error level.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      gate.logged('error').map((e) => e.msg),
      [],
    );
  });
});

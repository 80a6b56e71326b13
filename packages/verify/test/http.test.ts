import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createVerifier } from '../src/index.js';
import { authenticate, withToken } from '../src/http.js';
import { middlewareSuite } from './support/middleware-suite.js';

middlewareSuite('node:http', async (verifier, broken) => {
  const whoami = withToken(verifier, (_req, res, claims) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ client_id: claims.client_id }));
  });
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/orders') {
        const claims = await authenticate(verifier, req, res, { scopes: ['list-orders'], realm: 'orders' });
        if (!claims) return;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ client_id: claims.client_id, scopes: claims.scopes }));
      } else if (req.url === '/whoami') {
        whoami(req, res);
      } else if (req.url === '/broken') {
        if (await authenticate(broken, req, res)) res.end('reached');
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});

test('node:http: withToken answers 500 when the handler throws, and reports the error', async () => {
  const verifier = {
    verify: () => Promise.resolve({ client_id: 'c' }),
  } as unknown as Parameters<typeof withToken>[0];
  const errors: unknown[] = [];
  const server = createServer(
    withToken(
      verifier,
      () => {
        throw new Error('handler bug');
      },
      { onError: (e) => errors.push(e) },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      headers: { authorization: 'Bearer abc' },
    });
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: 'server_error' });
    assert.match(String(errors[0]), /handler bug/);
  } finally {
    server.close();
  }
});

test('middleware options are checked when the middleware is made', () => {
  const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'a', revocation: false });
  assert.throws(
    () => withToken(verifier, () => undefined, { realm: 'bad"realm' }),
    /realm must be printable/,
  );
  assert.throws(() => withToken(verifier, () => undefined, { scopes: ['two words'] }), /scopes must be/);
  assert.throws(
    () => withToken(verifier, () => undefined, { resourceMetadata: 'not a url' }),
    /resourceMetadata/,
  );
  assert.throws(() => withToken({} as typeof verifier, () => undefined), /must be a verifier/);
});

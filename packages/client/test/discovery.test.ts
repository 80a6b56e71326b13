import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { metadataUrls } from '../src/discovery.js';
import { createTokenClient, TokenError } from '../src/index.js';
import { recordingFetch, useGatehouse } from './support/gatehouse.js';

const TOKEN = { access_token: 'aGVsbG8.d29ybGQ.c2ln', token_type: 'Bearer', expires_in: 300 };

/** An authorization server that exists only as a map from URL to answer. */
function fakeServer(routes: Record<string, () => Response>) {
  return recordingFetch(async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    const route = routes[url];
    return route ? route() : new Response('not found', { status: 404 });
  });
}

const metadata = (issuer: string, tokenEndpoint: unknown = `${issuer}/oauth2/token`) =>
  Response.json({ issuer, token_endpoint: tokenEndpoint });

describe('issuer discovery', () => {
  const gate = useGatehouse();

  test('the metadata is fetched once, and the token endpoint it names is used', async () => {
    const { clientId, secret } = await gate.client({ scopes: ['lj-health-food/place-order'] });
    const recorder = recordingFetch();
    const client = createTokenClient({
      issuer: `${gate.issuer}/`,
      clientId,
      clientSecret: secret,
      scopes: ['lj-health-food/place-order'],
      fetch: recorder.fetch,
    });
    await client.getToken();
    await client.getToken({ forceRefresh: true });
    await Promise.all([client.getToken({ forceRefresh: true }), client.getToken({ forceRefresh: true })]);
    assert.deepEqual(recorder.calls, [
      'GET /.well-known/oauth-authorization-server',
      'POST /oauth2/token',
      'POST /oauth2/token',
      'POST /oauth2/token',
    ]);
  });

  test('RFC 8414 §3.1: the well-known segment goes before an issuer path; after it is the fallback', () => {
    assert.deepEqual(metadataUrls('https://auth.example.com'), [
      'https://auth.example.com/.well-known/oauth-authorization-server',
    ]);
    assert.deepEqual(metadataUrls('https://example.com/auth'), [
      'https://example.com/.well-known/oauth-authorization-server/auth',
      'https://example.com/auth/.well-known/oauth-authorization-server',
    ]);
  });

  test('an issuer under a path whose metadata sits after the path is still found', async () => {
    const issuer = 'https://example.com/auth';
    const server = fakeServer({
      [`${issuer}/.well-known/oauth-authorization-server`]: () => metadata(issuer),
      [`${issuer}/oauth2/token`]: () => Response.json(TOKEN),
    });
    const client = createTokenClient({ issuer, clientId: 'c', clientSecret: 's', fetch: server.fetch });
    assert.equal(await client.getToken(), TOKEN.access_token);
    assert.deepEqual(server.calls, [
      'GET /.well-known/oauth-authorization-server/auth',
      'GET /auth/.well-known/oauth-authorization-server',
      'POST /auth/oauth2/token',
    ]);
  });

  const broken: [string, () => Response, RegExp][] = [
    ['metadata naming another issuer', () => metadata('https://evil.example.com'), /names issuer/],
    [
      'a plain-http token endpoint',
      () => metadata('https://auth.example.com', 'http://x.example.com/t'),
      /https/,
    ],
    ['no token endpoint', () => Response.json({ issuer: 'https://auth.example.com' }), /token_endpoint/],
    ['a body that is not JSON', () => new Response('<html>'), /not JSON/],
    ['a 404', () => new Response('', { status: 404 }), /answered 404/],
  ];
  for (const [name, answer, message] of broken) {
    test(`ERR_DISCOVERY for ${name}; the next call tries again`, async () => {
      let healthy = false;
      const issuer = 'https://auth.example.com';
      const server = fakeServer({
        [`${issuer}/.well-known/oauth-authorization-server`]: () => (healthy ? metadata(issuer) : answer()),
        [`${issuer}/oauth2/token`]: () => Response.json(TOKEN),
      });
      const client = createTokenClient({
        issuer,
        clientId: 'c',
        clientSecret: 's',
        fetch: server.fetch,
        retry: { attempts: 1 },
      });
      await assert.rejects(client.getToken(), (error: unknown) => {
        assert.ok(error instanceof TokenError);
        assert.equal(error.code, 'ERR_DISCOVERY');
        assert.match(error.message, message);
        return true;
      });
      assert.ok(!server.calls.includes('POST /oauth2/token'));
      healthy = true;
      assert.equal(await client.getToken(), TOKEN.access_token);
    });
  }

  test('an unreachable issuer: ERR_DISCOVERY carrying the network failure as its cause', async () => {
    const client = createTokenClient({
      issuer: 'https://auth.example.com',
      clientId: 'c',
      clientSecret: 's',
      retry: { attempts: 2, baseDelayMs: 1 },
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await assert.rejects(client.getToken(), (error: unknown) => {
      assert.ok(error instanceof TokenError);
      assert.equal(error.code, 'ERR_DISCOVERY');
      assert.ok(error.cause instanceof TokenError);
      assert.equal(error.cause.code, 'ERR_NETWORK');
      assert.match(error.message, /network error after 2 attempts/);
      return true;
    });
  });
});

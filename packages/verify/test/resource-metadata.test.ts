import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import express from 'express';
import { createVerifier } from '../src/index.js';
import { requireToken } from '../src/express.js';
import {
  protectedResourceMetadata,
  protectedResourceMetadataPath,
  protectedResourceMetadataUrl,
  serveProtectedResourceMetadata,
} from '../src/resource-metadata.js';

const metadata = protectedResourceMetadata({
  resource: 'https://orders.example.com',
  authorizationServers: ['https://auth.example.com'],
  scopesSupported: ['place-order', 'list-orders'],
  resourceName: 'Orders',
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('RFC 9728 protected resource metadata', () => {
  test('no scopes: scopes_supported is left out, never [] (RFC 9728 §3.2)', () => {
    const doc = protectedResourceMetadata({
      resource: 'https://orders.example.com',
      authorizationServers: ['https://auth.example.com'],
      scopesSupported: [],
    });
    assert.equal('scopes_supported' in doc, false);
  });

  test('the document, in snake_case, with header as the only bearer method by default', () => {
    assert.deepEqual(metadata, {
      resource: 'https://orders.example.com',
      authorization_servers: ['https://auth.example.com'],
      bearer_methods_supported: ['header'],
      scopes_supported: ['place-order', 'list-orders'],
      resource_name: 'Orders',
    });
    assert.throws(
      () => protectedResourceMetadata({ resource: 'orders', authorizationServers: ['https://a.example'] }),
      /resource must be an absolute URL/,
    );
    assert.throws(
      () => protectedResourceMetadata({ resource: 'https://o.example', authorizationServers: [] }),
      /at least one issuer/,
    );
  });

  test('the well-known URL goes between host and path (§3.1)', () => {
    assert.equal(
      protectedResourceMetadataUrl('https://orders.example.com'),
      'https://orders.example.com/.well-known/oauth-protected-resource',
    );
    assert.equal(
      protectedResourceMetadataUrl('https://api.example.com/orders/'),
      'https://api.example.com/.well-known/oauth-protected-resource/orders',
    );
    assert.equal(
      protectedResourceMetadataPath('https://api.example.com/v1/orders'),
      '/.well-known/oauth-protected-resource/v1/orders',
    );
  });

  test('served by Express at the well-known path; other paths fall through', async () => {
    const app = express();
    app.use(serveProtectedResourceMetadata(metadata));
    app.get('/other', (_req, res) => {
      res.send('other');
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const answer = await fetch(`${url}/.well-known/oauth-protected-resource`);
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(answer.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(await answer.json(), metadata);
      assert.equal(await (await fetch(`${url}/other`)).text(), 'other');
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  test('challenges point at the metadata (resource_metadata) when configured', async () => {
    const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'a', revocation: false });
    const resourceMetadata = protectedResourceMetadataUrl(metadata.resource);
    const app = express();
    app.get('/orders', requireToken(verifier, { resourceMetadata }), (_req, res) => {
      res.send('never');
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const answer = await fetch(`${url}/orders`);
      assert.equal(answer.status, 401);
      assert.equal(
        answer.headers.get('www-authenticate'),
        'Bearer resource_metadata="https://orders.example.com/.well-known/oauth-protected-resource"',
      );
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  test('served by plain node:http', async () => {
    const serve = serveProtectedResourceMetadata(metadata);
    const server = createServer((req, res) => {
      if (serve(req, res)) return;
      res.writeHead(404).end();
    });
    const url = await listen(server);
    try {
      assert.deepEqual(
        await (await fetch(`${url}/.well-known/oauth-protected-resource?x=1`)).json(),
        metadata,
      );
      assert.equal(
        (await fetch(`${url}/.well-known/oauth-protected-resource`, { method: 'POST' })).status,
        404,
      );
      assert.equal((await fetch(`${url}/`)).status, 404);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});

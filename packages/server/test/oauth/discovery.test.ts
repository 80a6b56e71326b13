import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as oauth from 'oauth4webapi';
import { describeEachBackend, INSECURE, send } from './harness.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const METADATA_PATHS = ['/.well-known/oauth-authorization-server'];

describeEachBackend('discovery', (gate) => {
  for (const path of METADATA_PATHS) {
    test(`${path}: RFC 8414 metadata for this issuer`, async () => {
      const answer = await send(gate.issuer + path);
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
      assert.match(answer.headers.get('cache-control') ?? '', /max-age=\d+/);
      const doc = answer.body;
      assert.ok(doc);
      assert.equal(doc.issuer, gate.server.issuer);
      assert.equal(doc.token_endpoint, `${gate.issuer}/oauth2/token`);
      assert.equal(doc.jwks_uri, `${gate.issuer}/.well-known/jwks.json`);
      assert.equal(doc.introspection_endpoint, `${gate.issuer}/oauth2/introspect`);
      assert.equal(doc.revocation_endpoint, `${gate.issuer}/oauth2/revoke`);
      for (const name of ['token_endpoint', 'jwks_uri', 'introspection_endpoint', 'revocation_endpoint']) {
        const url: URL = new URL(String(doc[name]));
        assert.ok(String(doc[name]).startsWith(`${gate.issuer}/`), `${name} lives under the issuer`);
        assert.equal(url.search, '');
        assert.equal(url.hash, '');
      }
      assert.deepEqual(doc.grant_types_supported, ['client_credentials']);
      // RFC 8414 §3.2: claims with zero elements are omitted; the root has no authorization endpoint.
      assert.equal('response_types_supported' in doc, false);
      for (const [name, value] of Object.entries(doc)) {
        assert.ok(!(Array.isArray(value) && value.length === 0), `${name} is not an empty list`);
        assert.ok(value !== null && value !== '', `${name} has a value`);
      }
      const methods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
      assert.deepEqual(doc.token_endpoint_auth_methods_supported, methods);
      assert.deepEqual(doc.introspection_endpoint_auth_methods_supported, methods);
      assert.deepEqual(doc.revocation_endpoint_auth_methods_supported, methods);
      for (const name of [
        'token_endpoint_auth_signing_alg_values_supported',
        'introspection_endpoint_auth_signing_alg_values_supported',
        'revocation_endpoint_auth_signing_alg_values_supported',
      ]) {
        const algs: unknown = doc[name];
        assert.ok(Array.isArray(algs), name);
        for (const alg of ['ES256', 'RS256', 'PS256', 'EdDSA'])
          assert.ok(algs.includes(alg), `${name} ${alg}`);
        // RFC 8414 §2: "none" MUST NOT be listed; symmetric algorithms are not accepted either.
        assert.ok(!algs.some((a) => a === 'none' || String(a).startsWith('HS')), `${name}: ${algs}`);
      }
      assert.deepEqual(doc.access_token_signing_alg_values_supported, ['ES256', 'RS256', 'EdDSA']);
    });
  }

  test('the root is not an OpenID provider: /.well-known/openid-configuration is a JSON 404', async () => {
    const answer = await send(`${gate.issuer}/.well-known/openid-configuration`);
    assert.equal(answer.status, 404);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(answer.body ?? {}).sort(), ['error', 'error_description']);
    assert.equal(answer.body?.error, 'not_found');
  });

  test('oauth4webapi discovers the server by RFC 8414, and not as an OpenID provider', async () => {
    const issuer = new URL(gate.issuer);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...INSECURE });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    assert.equal(as.issuer, gate.issuer);
    assert.equal(as.token_endpoint, `${gate.issuer}/oauth2/token`);
    const oidc = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...INSECURE });
    assert.equal(oidc.status, 404);
  });

  test('oauth4webapi refuses the document when it expects another issuer', async () => {
    const other = new URL('http://localhost:1');
    const response = await oauth.discoveryRequest(new URL(gate.issuer), { algorithm: 'oauth2', ...INSECURE });
    await assert.rejects(oauth.processDiscoveryResponse(other, response), /issuer/);
  });

  test('HEAD answers like GET without a body', async () => {
    const answer = await send(`${gate.issuer}/.well-known/oauth-authorization-server`, { method: 'HEAD' });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '');
  });

  test('POST to a well-known document is 405 with Allow', async () => {
    const answer = await send(`${gate.issuer}/.well-known/jwks.json`, { method: 'POST' });
    assert.equal(answer.status, 405);
    assert.deepEqual(
      (answer.headers.get('allow') ?? '')
        .split(',')
        .map((m) => m.trim())
        .sort(),
      ['GET', 'HEAD'],
    );
  });

  test('JWKS publishes ES256, RS256 and EdDSA keys with kid, alg, use and no private members', async () => {
    const answer = await send(String(gate.as.jwks_uri));
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    const keys = answer.body?.keys;
    assert.ok(Array.isArray(keys));
    const byAlg = new Map<string, Record<string, unknown>>();
    const kids = new Set<string>();
    for (const key of keys as Record<string, unknown>[]) {
      assert.equal(typeof key.kid, 'string');
      assert.ok(!kids.has(String(key.kid)), 'kids are unique');
      kids.add(String(key.kid));
      assert.equal(key.use, 'sig');
      for (const member of PRIVATE_MEMBERS) assert.ok(!(member in key), `no private member "${member}"`);
      byAlg.set(String(key.alg), key);
    }
    assert.deepEqual([...byAlg.keys()].sort(), ['ES256', 'EdDSA', 'RS256']);
    assert.deepEqual(
      { kty: byAlg.get('ES256')?.kty, crv: byAlg.get('ES256')?.crv },
      { kty: 'EC', crv: 'P-256' },
    );
    assert.equal(byAlg.get('RS256')?.kty, 'RSA');
    assert.equal(byAlg.get('RS256')?.e, 'AQAB');
    assert.deepEqual(
      { kty: byAlg.get('EdDSA')?.kty, crv: byAlg.get('EdDSA')?.crv },
      { kty: 'OKP', crv: 'Ed25519' },
    );
  });

  test('health check answers', async () => {
    const answer = await send(`${gate.issuer}/healthz`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'ok' });
  });
});

import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import {
  assertOAuthError,
  basic,
  describeEachBackend,
  type Gate,
  postForm,
  type RegisteredClient,
} from './harness.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const RESOURCE = 'reports';

interface KeyPair {
  kid: string;
  alg: 'ES256' | 'RS256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function keyPair(alg: 'ES256' | 'RS256', kid: string, pinAlg = true): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', ...(pinAlg ? { alg } : {}) };
  return { kid, alg, privateKey, jwk };
}

interface AssertionOptions {
  key?: KeyPair;
  kid?: string | null;
  iss?: string;
  sub?: string;
  aud?: string | string[];
  jti?: string;
  /** Seconds relative to the gate's clock. */
  iat?: number | null;
  exp?: number | null;
}

/** Signs a client assertion by hand with jose, times taken from the server's frozen clock. */
async function signAssertion(gate: Gate, clientId: string, key: KeyPair, options: AssertionOptions = {}) {
  const now = Math.floor(gate.clock.now() / 1000);
  const signer = options.key ?? key;
  const payload: Record<string, unknown> = {
    iss: options.iss ?? clientId,
    sub: options.sub ?? clientId,
    aud: options.aud ?? gate.issuer,
    jti: options.jti ?? randomUUID(),
  };
  if (options.iat !== null) payload.iat = now + (options.iat ?? 0);
  if (options.exp !== null) payload.exp = now + (options.exp ?? 60);
  const kid = options.kid === undefined ? signer.kid : options.kid;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: signer.alg, ...(kid === null ? {} : { kid }) })
    .sign(signer.privateKey);
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** oauth4webapi stamps assertions with the real time; shift it onto the server's frozen clock. */
function skewed(gate: Gate, registered: RegisteredClient): oauth.Client {
  return { ...registered.client, [oauth.clockSkew]: Math.floor((gate.clock.now() - Date.now()) / 1000) };
}

/** A client's key set on a loopback URL, whose contents the test can change, counting fetches. */
class JwksHost {
  keys: JWK[] = [];
  fetches = 0;
  status = 200;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((_req, res) => {
      this.fetches++;
      res.writeHead(this.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

describeEachBackend(
  'private_key_jwt client authentication',
  (gate) => {
    let es: KeyPair;
    let rs: KeyPair;
    let inline: RegisteredClient;
    const host = new JwksHost();
    let jwksUri: string;

    before(async () => {
      es = await keyPair('ES256', 'es-1');
      rs = await keyPair('RS256', 'rs-1', false);
      jwksUri = await host.start();
      await gate.resourceServer({ identifier: RESOURCE, name: 'Reports', scopes: [{ name: 'read' }] });
      inline = await gate.client({
        authMethod: 'private_key_jwt',
        scopes: [`${RESOURCE}/read`],
        jwks: { keys: [es.jwk, rs.jwk] },
      });
    });
    after(() => host.stop());

    const withAssertion = (clientAssertion: string, extra: Record<string, string> = {}) =>
      postForm(gate.tokenEndpoint, {
        grant_type: 'client_credentials',
        resource: RESOURCE,
        client_assertion_type: JWT_BEARER,
        client_assertion: clientAssertion,
        ...extra,
      });
    const sign = (options: AssertionOptions = {}) => signAssertion(gate, inline.clientId, es, options);

    for (const alg of ['ES256', 'RS256'] as const) {
      test(`oauth4webapi PrivateKeyJwt with an ${alg} key from an inline JWKS`, async () => {
        const key = alg === 'ES256' ? es : rs;
        const client = skewed(gate, inline);
        const auth = oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid });
        const response = await oauth.clientCredentialsGrantRequest(
          gate.as,
          client,
          auth,
          { resource: RESOURCE },
          { [oauth.allowInsecureRequests]: true },
        );
        const result = await oauth.processClientCredentialsResponse(gate.as, client, response);
        assert.equal(result.scope, 'read');
        const { payload } = await gate.verify(result.access_token, RESOURCE);
        assert.equal(payload.sub, inline.clientId);
        assert.equal(payload.client_id, inline.clientId);
      });
    }

    test('private_key_jwt authenticates introspection and revocation too (oauth4webapi)', async () => {
      const token = await gate.token(
        { ...inline, client: skewed(gate, inline) },
        { resource: RESOURCE },
        oauth.PrivateKeyJwt({ key: es.privateKey, kid: es.kid }),
      );
      const options = { [oauth.allowInsecureRequests]: true };
      const auth = () => oauth.PrivateKeyJwt({ key: rs.privateKey, kid: rs.kid });
      const client = skewed(gate, inline);
      const introspected = await oauth.processIntrospectionResponse(
        gate.as,
        client,
        await oauth.introspectionRequest(gate.as, client, auth(), token.access_token, options),
      );
      assert.equal(introspected.active, true);
      assert.equal(introspected.client_id, inline.clientId);
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(gate.as, client, auth(), token.access_token, options),
      );
      const after = await oauth.processIntrospectionResponse(
        gate.as,
        client,
        await oauth.introspectionRequest(gate.as, client, auth(), token.access_token, options),
      );
      assert.equal(after.active, false);
    });

    test('aud may be the issuer, the token endpoint, or an array holding either', async () => {
      for (const aud of [gate.issuer, gate.tokenEndpoint, ['https://elsewhere.example.com', gate.issuer]]) {
        const answer = await withAssertion(await sign({ aud }));
        assert.equal(answer.status, 200, `${JSON.stringify(aud)}: ${answer.text}`);
      }
    });

    test('an assertion without kid is matched against the registered keys', async () => {
      const answer = await withAssertion(await sign({ kid: null }));
      assert.equal(answer.status, 200, answer.text);
    });

    test('the client_id parameter may accompany the assertion when it names the same client', async () => {
      assert.equal((await withAssertion(await sign(), { client_id: inline.clientId })).status, 200);
      assertOAuthError(
        await withAssertion(await sign(), { client_id: 'someone-else' }),
        401,
        'invalid_client',
      );
    });

    test('wrong aud: 401 invalid_client', async () => {
      for (const aud of [
        'https://evil.example.com',
        `${gate.issuer}/`,
        `${gate.issuer}/oauth2/introspect`,
        [],
      ]) {
        assertOAuthError(await withAssertion(await sign({ aud })), 401, 'invalid_client');
      }
    });

    test('an expired assertion: 401 invalid_client', async () => {
      assertOAuthError(await withAssertion(await sign({ iat: -600, exp: -300 })), 401, 'invalid_client');
    });

    test('an assertion without exp: 401 invalid_client', async () => {
      assertOAuthError(await withAssertion(await sign({ exp: null })), 401, 'invalid_client');
    });

    test('an assertion issued in the future: 401 invalid_client', async () => {
      assertOAuthError(await withAssertion(await sign({ iat: 600, exp: 660 })), 401, 'invalid_client');
    });

    test('a lifetime over five minutes: 401 invalid_client; exactly five minutes is fine', async () => {
      assertOAuthError(await withAssertion(await sign({ exp: 301 })), 401, 'invalid_client');
      assertOAuthError(await withAssertion(await sign({ iat: null, exp: 3600 })), 401, 'invalid_client');
      assert.equal((await withAssertion(await sign({ exp: 300 }))).status, 200);
    });

    test('a replayed jti: the second use is 401 invalid_client', async () => {
      const jti = randomUUID();
      assert.equal((await withAssertion(await sign({ jti }))).status, 200);
      assertOAuthError(await withAssertion(await sign({ jti })), 401, 'invalid_client');
    });

    test('the same assertion replayed verbatim: 401 invalid_client', async () => {
      const assertion = await sign();
      assert.equal((await withAssertion(assertion)).status, 200);
      assertOAuthError(await withAssertion(assertion), 401, 'invalid_client');
    });

    test('a forged assertion does not burn the jti it carries', async () => {
      const stranger = await keyPair('ES256', es.kid);
      const jti = randomUUID();
      assertOAuthError(await withAssertion(await sign({ jti, key: stranger })), 401, 'invalid_client');
      assert.equal((await withAssertion(await sign({ jti }))).status, 200);
    });

    test('HS256 signed with a shared secret: 401 invalid_client', async () => {
      const now = Math.floor(gate.clock.now() / 1000);
      const assertion = await new SignJWT({
        iss: inline.clientId,
        sub: inline.clientId,
        aud: gate.issuer,
        jti: randomUUID(),
        iat: now,
        exp: now + 60,
      })
        .setProtectedHeader({ alg: 'HS256', kid: es.kid })
        .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));
      assertOAuthError(await withAssertion(assertion), 401, 'invalid_client');
    });

    test('alg none: 401 invalid_client', async () => {
      const now = Math.floor(gate.clock.now() / 1000);
      const claims = {
        iss: inline.clientId,
        sub: inline.clientId,
        aud: gate.issuer,
        jti: randomUUID(),
        iat: now,
        exp: now + 60,
      };
      for (const alg of ['none', 'None', 'NONE']) {
        const unsigned = `${b64url({ alg })}.${b64url(claims)}`;
        assertOAuthError(await withAssertion(`${unsigned}.`), 401, 'invalid_client');
        assertOAuthError(await withAssertion(`${unsigned}.c2ln`), 401, 'invalid_client');
      }
    });

    test('an algorithm that does not fit the key (ES256 key, RS256 header): 401 invalid_client', async () => {
      const signed = await sign();
      const [, payload, signature] = signed.split('.');
      const relabelled = `${b64url({ alg: 'RS256', kid: es.kid })}.${payload}.${signature}`;
      assertOAuthError(await withAssertion(relabelled), 401, 'invalid_client');
    });

    test('signed by a key the client never registered: 401 invalid_client', async () => {
      const stranger = await keyPair('ES256', 'stranger');
      assertOAuthError(await withAssertion(await sign({ key: stranger })), 401, 'invalid_client');
      assertOAuthError(
        await withAssertion(await sign({ key: stranger, kid: es.kid })),
        401,
        'invalid_client',
      );
      assertOAuthError(await withAssertion(await sign({ key: stranger, kid: null })), 401, 'invalid_client');
    });

    test('iss different from sub: 401 invalid_client', async () => {
      const other = await gate.client({ authMethod: 'private_key_jwt', jwks: { keys: [es.jwk] } });
      assertOAuthError(await withAssertion(await sign({ sub: other.clientId })), 401, 'invalid_client');
      assertOAuthError(await withAssertion(await sign({ iss: other.clientId })), 401, 'invalid_client');
    });

    test('missing client_assertion_type or client_assertion: 400 invalid_request', async () => {
      const assertion = await sign();
      const noType = await postForm(gate.tokenEndpoint, {
        grant_type: 'client_credentials',
        resource: RESOURCE,
        client_assertion: assertion,
      });
      assertOAuthError(noType, 400, 'invalid_request');
      const noAssertion = await postForm(gate.tokenEndpoint, {
        grant_type: 'client_credentials',
        resource: RESOURCE,
        client_assertion_type: JWT_BEARER,
      });
      assertOAuthError(noAssertion, 400, 'invalid_request');
    });

    test('a wrong client_assertion_type: 401 invalid_client', async () => {
      const answer = await withAssertion(await sign(), {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
      });
      assertOAuthError(answer, 401, 'invalid_client');
    });

    test('malformed assertions: 401 invalid_client', async () => {
      for (const garbage of [
        'a.b.c',
        'not-a-jwt',
        '...',
        `${b64url({ alg: 'ES256' })}.${b64url([1])}.c2ln`,
        'x'.repeat(15_000),
      ]) {
        assertOAuthError(await withAssertion(garbage), 401, 'invalid_client');
      }
    });

    // Regression: on PostgreSQL a NUL in iss (before any signature check) or jti reached the store: 500.
    test('iss, sub or jti holding NUL: 401 invalid_client', async () => {
      const nul = `${inline.clientId}\u0000`;
      assertOAuthError(await withAssertion(await sign({ iss: nul, sub: nul })), 401, 'invalid_client');
      assertOAuthError(await withAssertion(await sign({ jti: 'a\u0000b' })), 401, 'invalid_client');
      assert.equal((await withAssertion(await sign())).status, 200);
    });

    test('an unknown client: 401 invalid_client', async () => {
      const assertion = await signAssertion(gate, 'no-such-client', es);
      assertOAuthError(await withAssertion(assertion), 401, 'invalid_client');
    });

    test('a secret-based client cannot use private_key_jwt, nor a key-based client a secret', async () => {
      const secretClient = await gate.client({ scopes: [`${RESOURCE}/read`] });
      const assertion = await signAssertion(gate, secretClient.clientId, es);
      assertOAuthError(await withAssertion(assertion), 401, 'invalid_client');
      const answer = await postForm(
        gate.tokenEndpoint,
        { grant_type: 'client_credentials', resource: RESOURCE },
        basic(inline.clientId, 'anything'),
      );
      assertOAuthError(answer, 401, 'invalid_client');
    });

    test('a disabled key-based client: 401 invalid_client', async () => {
      const client = await gate.client({
        authMethod: 'private_key_jwt',
        scopes: [`${RESOURCE}/read`],
        jwks: { keys: [es.jwk] },
      });
      assert.equal((await withAssertion(await signAssertion(gate, client.clientId, es))).status, 200);
      await gate.setEnabled(client.clientId, false);
      assertOAuthError(
        await withAssertion(await signAssertion(gate, client.clientId, es)),
        401,
        'invalid_client',
      );
    });

    test('jwks_uri: keys fetched from the client, and a key added later is found by kid', async () => {
      const first = await keyPair('ES256', 'uri-1');
      host.keys = [first.jwk];
      const fetchesBefore = host.fetches;
      const client = await gate.client({
        authMethod: 'private_key_jwt',
        scopes: [`${RESOURCE}/read`],
        jwksUri,
      });

      const viaLibrary = skewed(gate, client);
      const response = await oauth.clientCredentialsGrantRequest(
        gate.as,
        viaLibrary,
        oauth.PrivateKeyJwt({ key: first.privateKey, kid: first.kid }),
        { resource: RESOURCE },
        { [oauth.allowInsecureRequests]: true },
      );
      const result = await oauth.processClientCredentialsResponse(gate.as, viaLibrary, response);
      assert.equal((await gate.verify(result.access_token, RESOURCE)).payload.sub, client.clientId);
      assert.equal(host.fetches, fetchesBefore + 1);

      // Cached: a second request does not fetch again.
      assert.equal((await withAssertion(await signAssertion(gate, client.clientId, first))).status, 200);
      assert.equal(host.fetches, fetchesBefore + 1);

      const second = await keyPair('RS256', 'uri-2');
      host.keys = [first.jwk, second.jwk];
      // Right after a fetch, unknown kids do not trigger another one: bad assertions cannot
      // turn Gatehouse into a traffic source.
      for (let i = 0; i < 3; i++) {
        const early = await withAssertion(await signAssertion(gate, client.clientId, second));
        assertOAuthError(early, 401, 'invalid_client');
      }
      assert.equal(host.fetches, fetchesBefore + 1);

      gate.clock.advance(31_000);
      const late = await withAssertion(await signAssertion(gate, client.clientId, second));
      assert.equal(late.status, 200, late.text);
      assert.equal(host.fetches, fetchesBefore + 2);
      assert.equal((await withAssertion(await signAssertion(gate, client.clientId, first))).status, 200);
    });

    test('jwks_uri unreachable or answering garbage: 401 invalid_client, never a 500', async () => {
      const gone = await gate.client({
        authMethod: 'private_key_jwt',
        scopes: [`${RESOURCE}/read`],
        jwksUri: 'http://127.0.0.1:1/jwks.json',
      });
      assertOAuthError(
        await withAssertion(await signAssertion(gate, gone.clientId, es)),
        401,
        'invalid_client',
      );

      const failingUri = `${jwksUri}?failing`;
      const failing = await gate.client({
        authMethod: 'private_key_jwt',
        scopes: [`${RESOURCE}/read`],
        jwksUri: failingUri,
      });
      host.status = 500;
      try {
        assertOAuthError(
          await withAssertion(await signAssertion(gate, failing.clientId, es)),
          401,
          'invalid_client',
        );
      } finally {
        host.status = 200;
      }
    });
  },
  { env: { GATEHOUSE_ALLOW_HTTP_JWKS_URI: 'true' } },
);

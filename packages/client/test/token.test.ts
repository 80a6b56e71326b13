import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTokenClient } from '../src/index.js';
import { claims, keyPair, recordingFetch, useGatehouse } from './support/gatehouse.js';

describe('getToken against a real Gatehouse', () => {
  const gate = useGatehouse();

  test('client_secret_basic: discovers the token endpoint from the issuer, then gets a token', async () => {
    const { clientId, secret } = await gate.client({ scopes: ['lj-health-food/place-order'] });
    const recorder = recordingFetch();
    const client = createTokenClient({
      issuer: gate.issuer,
      clientId,
      clientSecret: secret,
      scopes: ['lj-health-food/place-order'],
      fetch: recorder.fetch,
      now: gate.clock.now,
    });
    const response = await client.getTokenResponse();
    assert.equal(response.tokenType, 'Bearer');
    assert.equal(response.expiresIn, 3600);
    assert.equal(response.expiresAt, gate.clock.now() + 3600_000);
    assert.deepEqual(response.scope, ['place-order']);
    const token = claims(response.accessToken);
    assert.equal(token.aud, 'lj-health-food');
    assert.equal(token.client_id, clientId);
    assert.equal(token.iss, gate.issuer);
    assert.deepEqual(recorder.calls, ['GET /.well-known/oauth-authorization-server', 'POST /oauth2/token']);
    assert.equal(await client.getToken(), response.accessToken);
  });

  test('client_secret_post: the secret goes in the form body, with no Authorization header', async () => {
    const { clientId, secret } = await gate.client({
      scopes: ['lj-health-food/place-order'],
      authMethod: 'client_secret_post',
    });
    const seen: { authorization: string | null; form: URLSearchParams }[] = [];
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId,
      clientSecret: secret,
      authMethod: 'client_secret_post',
      scopes: ['lj-health-food/place-order'],
      fetch: (input, init) => {
        seen.push({
          authorization: new Headers(init?.headers).get('authorization'),
          form: new URLSearchParams(String(init?.body)),
        });
        return fetch(input, init);
      },
    });
    assert.equal(claims(await client.getToken()).client_id, clientId);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.authorization, null);
    assert.equal(seen[0]?.form.get('client_id'), clientId);
    assert.equal(seen[0]?.form.get('client_secret'), secret);
    assert.equal(seen[0]?.form.get('grant_type'), 'client_credentials');
  });

  test('RFC 8707 form: resource plus short scope names', async () => {
    const { clientId, secret } = await gate.client({
      scopes: ['lj-health-food/place-order', 'lj-health-food/list-orders'],
    });
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId,
      clientSecret: secret,
      resource: 'lj-health-food',
      scopes: ['list-orders'],
    });
    const response = await client.getTokenResponse();
    assert.deepEqual(response.scope, ['list-orders']);
    assert.equal(claims(response.accessToken).scope, 'list-orders');
  });

  test('resource without scopes: the token carries every scope the client holds there', async () => {
    const { clientId, secret } = await gate.client({
      scopes: ['lj-health-food/place-order', 'lj-health-food/list-orders'],
    });
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId,
      clientSecret: secret,
      resource: 'lj-health-food',
    });
    assert.deepEqual((await client.getTokenResponse()).scope.sort(), ['list-orders', 'place-order']);
  });

  const keyCases = [
    { name: 'ES256 from a KeyObject, kid given', type: 'ec', kid: 'es-1', form: 'keyobject' },
    { name: 'RS256 from a PEM string, no kid', type: 'rsa', form: 'pem' },
    { name: 'PS256 from a JWK, kid taken from the JWK', type: 'rsa', kid: 'ps-1', form: 'jwk', alg: 'PS256' },
    { name: 'EdDSA from a KeyObject, alg inferred', type: 'ed25519', kid: 'ed-1', form: 'keyobject' },
  ] as const;
  for (const c of keyCases) {
    test(`private_key_jwt: ${c.name}`, async () => {
      const kid = 'kid' in c ? c.kid : undefined;
      const { privateKey, publicJwk } = keyPair(c.type, kid);
      const { clientId } = await gate.client({
        scopes: ['lj-health-food/place-order'],
        authMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
      });
      const assertions: string[] = [];
      const key =
        c.form === 'pem'
          ? privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
          : c.form === 'jwk'
            ? { ...privateKey.export({ format: 'jwk' }), kid }
            : privateKey;
      const client = createTokenClient({
        issuer: gate.issuer,
        clientId,
        privateKey: key,
        ...(c.form === 'keyobject' && kid !== undefined ? { keyId: kid } : {}),
        ...('alg' in c ? { algorithm: c.alg } : {}),
        scopes: ['lj-health-food/place-order'],
        now: gate.clock.now,
        fetch: (input, init) => {
          const assertion = new URLSearchParams(String(init?.body ?? '')).get('client_assertion');
          if (assertion) assertions.push(assertion);
          return fetch(input, init);
        },
      });
      const first = await client.getToken();
      const second = await client.getToken({ forceRefresh: true });
      assert.notEqual(first, second);
      assert.equal(claims(second).client_id, clientId);

      assert.equal(assertions.length, 2);
      const [a, b] = assertions.map(claims);
      const header = JSON.parse(Buffer.from(assertions[0]?.split('.')[0] ?? '', 'base64url').toString());
      assert.deepEqual(header, kid === undefined ? { alg: header.alg } : { alg: header.alg, kid });
      assert.equal(header.alg, 'alg' in c ? c.alg : { ec: 'ES256', rsa: 'RS256', ed25519: 'EdDSA' }[c.type]);
      assert.equal(a?.iss, clientId);
      assert.equal(a?.sub, clientId);
      assert.equal(a?.aud, gate.tokenEndpoint);
      assert.equal(a?.iat, Math.floor(gate.clock.now() / 1000));
      assert.equal(Number(a?.exp) - Number(a?.iat), 60);
      assert.notEqual(a?.jti, b?.jti, 'every assertion has its own jti');
    });
  }

  test('private_key_jwt: a retry carries a fresh assertion, since the server accepts each jti once', async () => {
    const { privateKey, publicJwk } = keyPair('ec', 'k1');
    const { clientId } = await gate.client({
      scopes: ['lj-health-food/place-order'],
      authMethod: 'private_key_jwt',
      jwks: { keys: [publicJwk] },
    });
    const jtis: unknown[] = [];
    const statuses: number[] = [];
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId,
      privateKey,
      keyId: 'k1',
      scopes: ['lj-health-food/place-order'],
      now: gate.clock.now,
      retry: { attempts: 2, baseDelayMs: 1 },
      fetch: async (input, init) => {
        jtis.push(claims(new URLSearchParams(String(init?.body)).get('client_assertion') ?? '').jti);
        const answer = await fetch(input, init);
        statuses.push(answer.status);
        // The first answer is lost on the way back: the server has already spent that jti.
        if (jtis.length === 1) return Response.json({ error: 'temporarily_unavailable' }, { status: 503 });
        return answer;
      },
    });
    assert.equal(claims(await client.getToken()).client_id, clientId);
    assert.deepEqual(statuses, [200, 200]);
    assert.notEqual(jtis[0], jtis[1]);
  });
});

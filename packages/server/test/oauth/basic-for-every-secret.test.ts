import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { CLI_ACTOR } from '../../src/services/actor.js';
import {
  assertOAuthError,
  basic,
  describeEachBackend,
  postForm,
  type RegisteredClient,
  send,
} from './harness.js';

const RESOURCE = 'basic-orders';
const GRANT = { grant_type: 'client_credentials', resource: RESOURCE };

/**
 * RFC 6749 §2.3.1: "The authorization server MUST support the HTTP Basic authentication scheme
 * for authenticating clients that were issued a client password." A client registered for
 * client_secret_post keeps its method and may use Basic as well, at every endpoint that
 * authenticates clients.
 */
describeEachBackend('HTTP Basic for every client with a secret', (gate) => {
  let post: RegisteredClient;
  let keyed: RegisteredClient;

  before(async () => {
    await gate.resourceServer({ identifier: RESOURCE, name: 'Orders', scopes: [{ name: 'read' }] });
    post = await gate.client({ scopes: [`${RESOURCE}/read`], authMethod: 'client_secret_post' });
    const { generateKeyPair, exportJWK } = await import('jose');
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    keyed = await gate.client({
      scopes: [`${RESOURCE}/read`],
      authMethod: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] },
    });
  });

  const tokenFor = async (client: RegisteredClient): Promise<string> => {
    const answer = await postForm(gate.tokenEndpoint, GRANT, basic(client.clientId, client.secret));
    assert.equal(answer.status, 200, answer.text);
    return String(answer.body?.access_token);
  };

  test('a client_secret_post client gets a token with Basic', async () => {
    const answer = await postForm(gate.tokenEndpoint, GRANT, basic(post.clientId, post.secret));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(Object.keys(answer.body ?? {}).sort(), [
      'access_token',
      'expires_in',
      'scope',
      'token_type',
    ]);
    assert.equal(answer.body?.token_type, 'Bearer');
    assert.equal(answer.body?.scope, 'read');
    const claims = decodeJwt(String(answer.body?.access_token));
    assert.equal(claims.client_id, post.clientId);
    assert.equal(claims.aud, RESOURCE);
  });

  test('and still with its secret in the form body', async () => {
    const answer = await postForm(gate.tokenEndpoint, {
      ...GRANT,
      client_id: post.clientId,
      client_secret: post.secret,
    });
    assert.equal(answer.status, 200, answer.text);
  });

  test('its registered method is still reported', async () => {
    const view = await gate.server.gatehouse.clients.get(post.clientId, CLI_ACTOR);
    assert.equal(view.authMethod, 'client_secret_post');
  });

  test('a wrong secret in Basic: the same 401 as an unknown client', async () => {
    const wrong = await postForm(gate.tokenEndpoint, GRANT, basic(post.clientId, `${post.secret}x`));
    const unknown = await postForm(gate.tokenEndpoint, GRANT, basic('no-such-client', post.secret));
    assertOAuthError(wrong, 401, 'invalid_client');
    assert.deepEqual(wrong.body, {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
    assert.equal(wrong.text, unknown.text);
  });

  test('Basic and the form body in one request: 400 invalid_request (RFC 6749 §2.3)', async () => {
    const answer = await postForm(
      gate.tokenEndpoint,
      { ...GRANT, client_id: post.clientId, client_secret: post.secret },
      basic(post.clientId, post.secret),
    );
    assertOAuthError(answer, 400, 'invalid_request');
    assert.deepEqual(answer.body, {
      error: 'invalid_request',
      error_description:
        'use exactly one client authentication method, not client_secret_basic and client_secret_post',
    });
  });

  test('a private_key_jwt client has no password: Basic is 401 invalid_client', async () => {
    const answer = await postForm(gate.tokenEndpoint, GRANT, basic(keyed.clientId, 'anything'));
    assertOAuthError(answer, 401, 'invalid_client');
    assert.deepEqual(answer.body, {
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
  });

  test('a client_secret_basic client still may not send its secret in the body', async () => {
    const basicClient = await gate.client({ scopes: [`${RESOURCE}/read`] });
    const answer = await postForm(gate.tokenEndpoint, {
      ...GRANT,
      client_id: basicClient.clientId,
      client_secret: basicClient.secret,
    });
    assertOAuthError(answer, 401, 'invalid_client');
  });

  test('introspection with Basic by a client_secret_post client', async () => {
    const token = await tokenFor(post);
    const answer = await postForm(gate.introspectionEndpoint, { token }, basic(post.clientId, post.secret));
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body?.active, true);
    assert.equal(answer.body?.client_id, post.clientId);
  });

  test('revocation with Basic by a client_secret_post client', async () => {
    const token = await tokenFor(post);
    const answer = await postForm(gate.revocationEndpoint, { token }, basic(post.clientId, post.secret));
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.text, '');
    const after = await postForm(gate.introspectionEndpoint, { token }, basic(post.clientId, post.secret));
    assert.deepEqual(after.body, { active: false });
  });

  test('a disabled client_secret_post client is refused in Basic as in the form', async () => {
    const other = await gate.client({ scopes: [`${RESOURCE}/read`], authMethod: 'client_secret_post' });
    await gate.setEnabled(other.clientId, false);
    const viaBasic = await postForm(gate.tokenEndpoint, GRANT, basic(other.clientId, other.secret));
    const viaForm = await postForm(gate.tokenEndpoint, {
      ...GRANT,
      client_id: other.clientId,
      client_secret: other.secret,
    });
    assertOAuthError(viaBasic, 401, 'invalid_client');
    assert.equal(viaBasic.text, viaForm.text);
  });

  test('the metadata lists both secret methods for every endpoint', async () => {
    const doc = (await send(`${gate.issuer}/.well-known/oauth-authorization-server`)).body ?? {};
    for (const name of ['token', 'introspection', 'revocation']) {
      const methods = doc[`${name}_endpoint_auth_methods_supported`] as string[];
      assert.ok(methods.includes('client_secret_basic') && methods.includes('client_secret_post'), name);
    }
  });
});

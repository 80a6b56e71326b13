import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAuthorizeParams } from '../../src/pools/authorize-params.js';
import { type AuthorizeOutcome, validateAuthorizeRequest } from '../../src/pools/authorize-request.js';
import { authorizeContext, CHALLENGE, confidentialClient, POOL_ISSUER, publicClient } from './fixtures.js';

type Query = Record<string, string | string[]>;

function encode(query: Query): string {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  return out.toString();
}

const base: Query = {
  response_type: 'code',
  client_id: publicClient.clientId,
  redirect_uri: 'https://app.example.com/cb',
  scope: 'openid email',
  state: 'st4te',
  nonce: 'n0nce',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
};

const validate = (query: Query | string): Promise<AuthorizeOutcome> =>
  validateAuthorizeRequest(
    readAuthorizeParams(typeof query === 'string' ? query : encode(query)),
    authorizeContext,
  );

async function pageError(query: Query | string, error: string, description: string): Promise<void> {
  assert.deepEqual(await validate(query), { kind: 'page-error', status: 400, error, description });
}

/** `state` null: the error must not echo one. */
async function redirectError(
  query: Query,
  error: string,
  description: string,
  expectedState: string | null = 'st4te',
) {
  const state = expectedState ?? undefined;
  const outcome = await validate(query);
  assert.equal(outcome.kind, 'redirect-error', JSON.stringify(outcome));
  if (outcome.kind !== 'redirect-error') return;
  assert.deepEqual(
    { error: outcome.error, description: outcome.description, state: outcome.state },
    { error, description, state },
  );
  const url = new URL(outcome.url);
  assert.equal(
    url.origin + url.pathname,
    new URL(outcome.redirectUri).origin + new URL(outcome.redirectUri).pathname,
  );
  assert.equal(url.searchParams.get('error'), error);
  assert.equal(url.searchParams.get('error_description'), description);
  assert.equal(url.searchParams.get('state'), state ?? null);
  assert.equal(url.searchParams.get('iss'), POOL_ISSUER);
}

describe('authorization request: accepted', () => {
  test('a public client with S256 PKCE', async () => {
    assert.deepEqual(await validate(base), {
      kind: 'ok',
      request: {
        clientId: publicClient.clientId,
        redirectUri: 'https://app.example.com/cb',
        responseType: 'code',
        responseMode: 'query',
        scopes: ['openid', 'email'],
        openid: true,
        audience: `${POOL_ISSUER}/oauth2/userInfo`,
        state: 'st4te',
        nonce: 'n0nce',
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
        prompt: [],
      },
    });
  });

  test('a confidential client without PKCE, as the reference backend sends it', async () => {
    const outcome = await validate({
      response_type: 'code',
      client_id: confidentialClient.clientId,
      redirect_uri: 'https://backend.example.com/auth/callback',
      scope: 'openid profile',
    });
    assert.equal(outcome.kind, 'ok');
    if (outcome.kind !== 'ok') return;
    assert.equal(outcome.request.codeChallenge, undefined);
    assert.equal(outcome.request.state, undefined);
  });

  test('no scope means the client’s scopes (Cognito); repeats are folded', async () => {
    const { scope: _, ...noScope } = base;
    const outcome = await validate({
      ...noScope,
      client_id: confidentialClient.clientId,
      redirect_uri: 'https://backend.example.com/auth/callback',
    });
    assert.equal(outcome.kind, 'ok');
    if (outcome.kind === 'ok') assert.deepEqual(outcome.request.scopes, ['openid', 'email', 'profile']);
    const folded = await validate({ ...base, scope: 'email  openid email' });
    if (folded.kind === 'ok') assert.deepEqual(folded.request.scopes, ['email', 'openid']);
    else assert.fail(JSON.stringify(folded));
    assert.equal(folded.request.openid, true);
  });

  test('a registered redirect URI with its own query matches exactly', async () => {
    const outcome = await validate({ ...base, redirect_uri: 'http://127.0.0.1:8080/callback?tenant=a' });
    assert.equal(outcome.kind, 'ok');
  });

  test('qualified scopes of one resource server choose the audience', async () => {
    const outcome = await validate({
      ...base,
      scope: 'openid lj-health-food/list-orders lj-health-food/place-order',
    });
    assert.equal(outcome.kind, 'ok');
    if (outcome.kind === 'ok') assert.equal(outcome.request.audience, 'lj-health-food');
    const byResource = await validate({
      ...base,
      scope: 'openid',
      resource: ['lj-health-food', 'lj-health-food'],
    });
    if (byResource.kind !== 'ok') assert.fail(JSON.stringify(byResource));
    assert.equal(byResource.request.audience, 'lj-health-food');
    assert.equal(byResource.request.resource, 'lj-health-food');
  });

  test('prompt, max_age and login_hint are parsed', async () => {
    const outcome = await validate({
      ...base,
      prompt: 'login consent login',
      max_age: '0',
      login_hint: 'alice@example.com',
    });
    if (outcome.kind !== 'ok') assert.fail(JSON.stringify(outcome));
    assert.deepEqual(outcome.request.prompt, ['login', 'consent']);
    assert.equal(outcome.request.maxAge, 0);
    assert.equal(outcome.request.loginHint, 'alice@example.com');
    const none = await validate({ ...base, prompt: 'none', response_mode: 'query' });
    if (none.kind !== 'ok') assert.fail(JSON.stringify(none));
    assert.deepEqual(none.request.prompt, ['none']);
  });

  test('without openid there is no ID token, and no need of one', async () => {
    const outcome = await validate({ ...base, scope: 'email' });
    if (outcome.kind !== 'ok') assert.fail(JSON.stringify(outcome));
    assert.equal(outcome.request.openid, false);
  });
});

describe('authorization request: errors before the redirect URI is trusted are pages', () => {
  test('client_id missing, unknown, repeated or hostile', async () => {
    const { client_id: _, ...noClient } = base;
    await pageError(noClient, 'invalid_request', 'parameter "client_id" is required');
    await pageError({ ...base, client_id: 'nope' }, 'invalid_client', 'unknown client_id');
    await pageError(
      { ...base, client_id: [publicClient.clientId, publicClient.clientId] },
      'invalid_request',
      'parameter "client_id" is included more than once',
    );
    await pageError(
      { ...base, client_id: `${publicClient.clientId}\r\n` },
      'invalid_request',
      'parameter "client_id" contains a control character',
    );
    await pageError(
      { ...base, client_id: 'x'.repeat(129) },
      'invalid_request',
      'parameter "client_id" is longer than 128 characters',
    );
  });

  test('redirect_uri is required even with one registered (OIDC Core §3.1.2.1)', async () => {
    const { redirect_uri: _, ...noRedirect } = base;
    await pageError(
      { ...noRedirect, client_id: confidentialClient.clientId },
      'invalid_request',
      'parameter "redirect_uri" is required',
    );
  });

  test('redirect_uri must match a registered one character for character', async () => {
    for (const uri of [
      'https://APP.example.com/cb',
      'https://app.example.com/CB',
      'https://app.example.com/cb/',
      'https://app.example.com/cb?x=1',
      'https://app.example.com/cb#frag',
      'https://app.example.com:443/cb',
      'http://app.example.com/cb',
      'https://app.example.com/cb/../cb',
      'https://app.example.com.evil.example/cb',
      'http://127.0.0.1:8080/callback',
      'http://127.0.0.1:8080/callback?tenant=a&x=1',
      'javascript:alert(1)//https://app.example.com/cb',
      'https://backend.example.com/auth/callback',
    ]) {
      await pageError(
        { ...base, redirect_uri: uri },
        'invalid_request',
        'redirect_uri is not registered for this client',
      );
    }
  });

  test('a registered URI that is not http(s) is still never redirected to', async () => {
    const odd = { ...publicClient, redirectUris: ['javascript:alert(1)', 'data:text/html,x'] };
    const context = { ...authorizeContext, findClient: () => odd };
    for (const uri of odd.redirectUris) {
      const outcome = await validateAuthorizeRequest(
        readAuthorizeParams(encode({ ...base, redirect_uri: uri })),
        context,
      );
      assert.deepEqual(outcome, {
        kind: 'page-error',
        status: 400,
        error: 'invalid_request',
        description: 'redirect_uri is not registered for this client',
      });
    }
  });

  test('a repeated, oversized or CRLF redirect_uri is a page error', async () => {
    await pageError(
      { ...base, redirect_uri: ['https://app.example.com/cb', 'https://evil.example/cb'] },
      'invalid_request',
      'parameter "redirect_uri" is included more than once',
    );
    await pageError(
      { ...base, redirect_uri: 'https://app.example.com/cb\r\nSet-Cookie: x=1' },
      'invalid_request',
      'parameter "redirect_uri" contains a control character',
    );
    await pageError(
      { ...base, redirect_uri: `https://app.example.com/cb?${'a'.repeat(3000)}` },
      'invalid_request',
      'parameter "redirect_uri" is longer than 2048 characters',
    );
  });

  test('a huge request is refused before it is parsed', async () => {
    await pageError(
      `client_id=${'a'.repeat(20_000)}`,
      'invalid_request',
      'the authorization request is too large',
    );
  });

  test('bad response_type with a bad redirect_uri still never redirects', async () => {
    await pageError(
      { ...base, response_type: 'token', redirect_uri: 'https://evil.example/cb' },
      'invalid_request',
      'redirect_uri is not registered for this client',
    );
  });
});

describe('authorization request: errors after it is trusted go back to the client', () => {
  test('response_type', async () => {
    const { response_type: _, ...noType } = base;
    await redirectError(noType, 'invalid_request', 'parameter "response_type" is required');
    for (const type of ['token', 'id_token', 'code id_token', 'code token', 'CODE']) {
      await redirectError(
        { ...base, response_type: type },
        'unsupported_response_type',
        'only response_type=code is supported',
      );
    }
  });

  test('response_mode other than query', async () => {
    for (const mode of ['fragment', 'form_post', 'web_message']) {
      await redirectError(
        { ...base, response_mode: mode },
        'invalid_request',
        'only response_mode=query is supported',
      );
    }
  });

  test('any repeated parameter', async () => {
    await redirectError(
      { ...base, scope: ['openid', 'email'] },
      'invalid_request',
      'a parameter is included more than once',
    );
    await redirectError(
      { ...base, nonce: ['a', 'b'] },
      'invalid_request',
      'a parameter is included more than once',
    );
    await redirectError(
      { ...base, 'x-unknown': ['a', 'b'] },
      'invalid_request',
      'a parameter is included more than once',
    );
    await redirectError(
      { ...base, state: ['a', 'b'] },
      'invalid_request',
      'parameter "state" is included more than once',
      null,
    );
  });

  test('state that cannot be echoed is dropped from the error', async () => {
    await redirectError(
      { ...base, state: 'x'.repeat(2049) },
      'invalid_request',
      'parameter "state" is longer than 2048 characters',
      null,
    );
    await redirectError(
      { ...base, state: 'a\nb' },
      'invalid_request',
      'parameter "state" contains a control character',
      null,
    );
  });

  test('scopes the client may not ask for, or malformed', async () => {
    await redirectError(
      { ...base, scope: 'openid admin' },
      'invalid_scope',
      'a requested scope is not allowed for this client',
    );
    await redirectError(
      {
        ...base,
        client_id: confidentialClient.clientId,
        redirect_uri: 'https://backend.example.com/auth/callback',
        scope: 'openid phone',
      },
      'invalid_scope',
      'a requested scope is not allowed for this client',
    );
    await redirectError(
      { ...base, scope: 'openid "email"' },
      'invalid_scope',
      'scope contains characters RFC 6749 does not allow',
    );
    await redirectError({ ...base, scope: '   ' }, 'invalid_scope', 'no scope was requested');
    await redirectError(
      { ...base, scope: 'x'.repeat(2049) },
      'invalid_scope',
      'parameter "scope" is longer than 2048 characters',
    );
  });

  test('scopes of two resource servers, or a resource that disagrees', async () => {
    await redirectError(
      { ...base, scope: 'openid lj-health-food/list-orders https://billing.example.com/read' },
      'invalid_target',
      'requested scopes belong to more than one resource server; a token is for one audience',
    );
    await redirectError(
      { ...base, scope: 'openid lj-health-food/list-orders', resource: 'https://billing.example.com' },
      'invalid_target',
      'a requested scope belongs to another resource server than the requested resource',
    );
    await redirectError(
      { ...base, resource: ['lj-health-food', 'https://billing.example.com'] },
      'invalid_target',
      'a token is for one resource; request one resource at a time',
    );
    await redirectError({ ...base, resource: 'unknown-api' }, 'invalid_target', 'unknown resource');
  });

  test('PKCE: required for public clients, S256 only, well-formed', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = base;
    await redirectError(
      noPkce,
      'invalid_request',
      'this client must use PKCE: send code_challenge with code_challenge_method=S256',
    );
    await redirectError(
      { ...base, code_challenge_method: 'plain' },
      'invalid_request',
      'code_challenge_method must be S256; plain is not allowed',
    );
    const { code_challenge_method: _n, ...noMethod } = base;
    await redirectError(
      noMethod,
      'invalid_request',
      'code_challenge_method must be S256; plain is not allowed',
    );
    await redirectError(
      { ...noPkce, code_challenge_method: 'S256' },
      'invalid_request',
      'code_challenge_method was sent without code_challenge',
    );
    await redirectError(
      { ...base, code_challenge: `${CHALLENGE}=` },
      'invalid_request',
      'code_challenge must be 43 base64url characters (the S256 of the verifier)',
    );
    await redirectError(
      { ...base, code_challenge: 'a'.repeat(129) },
      'invalid_request',
      'parameter "code_challenge" is longer than 128 characters',
    );
  });

  test('PKCE: a confidential client that sends it is held to it, and requirePkce is honoured', async () => {
    const conf: Query = {
      ...base,
      client_id: confidentialClient.clientId,
      redirect_uri: 'https://backend.example.com/auth/callback',
      scope: 'openid',
    };
    const outcome = await validate(conf);
    if (outcome.kind !== 'ok') assert.fail(JSON.stringify(outcome));
    assert.equal(outcome.request.codeChallenge, CHALLENGE);
    await redirectError(
      { ...conf, code_challenge_method: 'plain' },
      'invalid_request',
      'code_challenge_method must be S256; plain is not allowed',
    );
    const strict = { ...confidentialClient, settings: { requirePkce: true } };
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = conf;
    const refused = await validateAuthorizeRequest(readAuthorizeParams(encode(noPkce)), {
      ...authorizeContext,
      findClient: () => strict,
    });
    assert.equal(
      refused.kind === 'redirect-error' && refused.description,
      'this client must use PKCE: send code_challenge with code_challenge_method=S256',
    );
  });

  test('a client_credentials client signs no one in: unauthorized_client, back to its callback', async () => {
    const machine = { ...confidentialClient, allowedOAuthFlows: ['client_credentials'] };
    const refused = await validateAuthorizeRequest(
      readAuthorizeParams(
        encode({
          ...base,
          client_id: confidentialClient.clientId,
          redirect_uri: 'https://backend.example.com/auth/callback',
        }),
      ),
      { ...authorizeContext, findClient: () => machine },
    );
    assert.deepEqual(refused.kind === 'redirect-error' && [refused.error, refused.description], [
      'unauthorized_client',
      'this app client may not sign people in: its OAuth flow is not code',
    ]);
  });

  test('prompt and max_age', async () => {
    await redirectError(
      { ...base, prompt: 'none login' },
      'invalid_request',
      'prompt=none cannot be combined with other prompt values',
    );
    await redirectError(
      { ...base, prompt: 'none consent' },
      'invalid_request',
      'prompt=none cannot be combined with other prompt values',
    );
    await redirectError({ ...base, prompt: 'create' }, 'invalid_request', 'unsupported prompt value');
    for (const maxAge of ['-1', '1.5', '1e3', ' 1', '99999999999', 'abc']) {
      await redirectError(
        { ...base, max_age: maxAge },
        'invalid_request',
        'max_age must be a non-negative whole number of seconds',
      );
    }
  });

  test('nonce and login_hint caps', async () => {
    await redirectError(
      { ...base, nonce: 'n'.repeat(1025) },
      'invalid_request',
      'parameter "nonce" is longer than 1024 characters',
    );
    await redirectError(
      { ...base, login_hint: 'h'.repeat(257) },
      'invalid_request',
      'parameter "login_hint" is longer than 256 characters',
    );
    await redirectError(
      { ...base, nonce: 'a\u0000b' },
      'invalid_request',
      'parameter "nonce" contains a control character',
    );
  });

  test('request objects and registration are not supported (OIDC Core §3.1.2.6)', async () => {
    await redirectError(
      { ...base, request: 'eyJ.x.y' },
      'request_not_supported',
      'request objects are not supported',
    );
    await redirectError(
      { ...base, request_uri: 'urn:x' },
      'request_uri_not_supported',
      'request_uri is not supported',
    );
    await redirectError(
      { ...base, registration: '{}' },
      'registration_not_supported',
      'registration is not supported',
    );
  });

  test('empty values count as absent (RFC 6749 §3.1)', async () => {
    const outcome = await validate(`${encode(base)}&prompt=&max_age=`);
    if (outcome.kind !== 'ok') assert.fail(JSON.stringify(outcome));
    assert.deepEqual(outcome.request.prompt, []);
    assert.equal(outcome.request.maxAge, undefined);
  });

  test('a POSTed form body reads the same as a query (URLSearchParams input)', async () => {
    const outcome = await validateAuthorizeRequest(
      readAuthorizeParams(new URLSearchParams(encode(base))),
      authorizeContext,
    );
    assert.equal(outcome.kind, 'ok');
  });
});

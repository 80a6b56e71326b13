import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { createJwtSigner } from '@gatehouse/jws';
import { readAuthorizeParams } from '../../src/pools/authorize-params.js';
import type { VerificationKeys } from '../../src/pools/id-token-hint.js';
import {
  type LogoutContext,
  type LogoutOutcome,
  validateCognitoLogout,
  validateEndSessionRequest,
} from '../../src/pools/logout-request.js';
import { NOW, POOL_ISSUER } from './fixtures.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keys: VerificationKeys = new Map([
  ['rsa-1', { alg: 'RS256', key: rsa.publicKey }],
  ['ec-1', { alg: 'ES256', key: ec.publicKey }],
]);
const APP = {
  clientId: 'app1client',
  logoutUris: ['https://app.example.com/signed-out', 'http://localhost:3000/bye?from=gh'],
};
const OTHER = { clientId: 'other1client', logoutUris: ['https://other.example.com/out'] };
const context: LogoutContext = {
  poolIssuer: POOL_ISSUER,
  findClient: (id) => [APP, OTHER].find((c) => c.clientId === id),
  keys,
};

const claims = {
  iss: POOL_ISSUER,
  sub: 'sub-alice',
  aud: APP.clientId,
  iat: NOW / 1000 - 7200,
  exp: NOW / 1000 - 3600, // expired an hour ago: still a valid hint
  token_use: 'id',
};
const idToken = (payload: Record<string, unknown> = claims, kid = 'rsa-1', typ = 'JWT') =>
  createJwtSigner('RS256', rsa.privateKey, { kid, typ })(payload);

const params = (query: Record<string, string>) =>
  readAuthorizeParams(new URLSearchParams(query)) as Exclude<
    ReturnType<typeof readAuthorizeParams>,
    'too-large'
  >;
const endSession = (query: Record<string, string>) => validateEndSessionRequest(params(query), context);
const cognito = (query: Record<string, string>) => validateCognitoLogout(params(query), context);
const page = (description: string, error = 'invalid_request'): LogoutOutcome => ({
  kind: 'page-error',
  status: 400,
  error,
  description,
});

describe('RP-Initiated Logout', () => {
  test('hint + registered post_logout_redirect_uri + state', async () => {
    assert.deepEqual(
      await endSession({
        id_token_hint: idToken(),
        post_logout_redirect_uri: 'https://app.example.com/signed-out',
        state: 'a b&c',
      }),
      {
        kind: 'ok',
        clientId: APP.clientId,
        sub: 'sub-alice',
        redirectUrl: 'https://app.example.com/signed-out?state=a+b%26c',
      },
    );
  });

  test('the registered URI’s query is kept; state is optional', async () => {
    const outcome = await endSession({
      client_id: APP.clientId,
      post_logout_redirect_uri: 'http://localhost:3000/bye?from=gh',
    });
    assert.deepEqual(outcome, {
      kind: 'ok',
      clientId: APP.clientId,
      sub: undefined,
      redirectUrl: 'http://localhost:3000/bye?from=gh',
    });
  });

  test('no redirect asked: end the session and show a page', async () => {
    assert.deepEqual(await endSession({}), {
      kind: 'ok',
      clientId: undefined,
      sub: undefined,
      redirectUrl: undefined,
    });
    assert.deepEqual(await endSession({ id_token_hint: idToken() }), {
      kind: 'ok',
      clientId: APP.clientId,
      sub: 'sub-alice',
      redirectUrl: undefined,
    });
  });

  test('an aud list: client_id picks which, and must be in it', async () => {
    const hint = idToken({ ...claims, aud: [OTHER.clientId, APP.clientId] });
    const outcome = await endSession({
      id_token_hint: hint,
      client_id: APP.clientId,
      post_logout_redirect_uri: 'https://app.example.com/signed-out',
    });
    assert.equal(outcome.kind === 'ok' && outcome.redirectUrl, 'https://app.example.com/signed-out');
    assert.deepEqual(
      await endSession({ id_token_hint: idToken(), client_id: OTHER.clientId }),
      page('client_id does not match the audience of id_token_hint'),
    );
  });

  test('post_logout_redirect_uri must be registered for that client, exactly', async () => {
    for (const uri of [
      'https://app.example.com/signed-out/',
      'https://APP.example.com/signed-out',
      'https://app.example.com/signed-out?x=1',
      'https://other.example.com/out',
      'https://evil.example/',
      'javascript:alert(1)',
    ]) {
      assert.deepEqual(
        await endSession({ id_token_hint: idToken(), post_logout_redirect_uri: uri }),
        page('post_logout_redirect_uri is not registered for this client'),
        uri,
      );
    }
    assert.deepEqual(
      await endSession({ post_logout_redirect_uri: 'https://app.example.com/signed-out' }),
      page('post_logout_redirect_uri needs client_id or id_token_hint to say which client it belongs to'),
    );
    assert.deepEqual(
      await endSession({
        client_id: 'ghost',
        post_logout_redirect_uri: 'https://app.example.com/signed-out',
      }),
      page('unknown client_id', 'invalid_client'),
    );
  });

  test('a hint that is not our ID token is refused', async () => {
    const bad = page('id_token_hint is not an ID token issued by this pool');
    const forged = createJwtSigner('RS256', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, {
      kid: 'rsa-1',
      typ: 'JWT',
    })(claims);
    const [h, p] = idToken().split('.');
    for (const hint of [
      forged,
      idToken({ ...claims, iss: 'https://id.example.com/pools/local_Other1234' }),
      idToken({ ...claims, token_use: 'access' }),
      idToken(claims, 'rsa-1', 'at+jwt'),
      idToken(claims, 'unknown-kid'),
      idToken(claims, 'ec-1'),
      idToken({ ...claims, aud: [] }),
      idToken({ ...claims, sub: 42 }),
      `${h}.${p}.`,
      `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url')}.${idToken().split('.')[2]}`,
      'not.a.jwt',
      'x'.repeat(20_000),
    ]) {
      assert.deepEqual(
        await endSession({ id_token_hint: hint }),
        hint.length > 16384 ? page('parameter "id_token_hint" is longer than 16384 characters') : bad,
      );
    }
  });

  test('repeated, CRLF and oversized parameters are page errors', async () => {
    const repeated = readAuthorizeParams('state=a&state=b');
    assert.notEqual(repeated, 'too-large');
    if (repeated !== 'too-large') {
      assert.deepEqual(
        await validateEndSessionRequest(repeated, context),
        page('a parameter is included more than once'),
      );
    }
    assert.deepEqual(
      await endSession({ state: 'a\r\nb' }),
      page('parameter "state" contains a control character'),
    );
    assert.deepEqual(
      await endSession({ post_logout_redirect_uri: `https://a/${'x'.repeat(2048)}` }),
      page('parameter "post_logout_redirect_uri" is longer than 2048 characters'),
    );
  });
});

describe("Cognito's /logout", () => {
  test('client_id and a registered logout_uri: back to it as registered', async () => {
    assert.deepEqual(
      await cognito({ client_id: APP.clientId, logout_uri: 'http://localhost:3000/bye?from=gh' }),
      {
        kind: 'ok',
        clientId: APP.clientId,
        sub: undefined,
        redirectUrl: 'http://localhost:3000/bye?from=gh',
      },
    );
  });

  test('missing, unknown or unregistered', async () => {
    assert.deepEqual(
      await cognito({ logout_uri: 'https://app.example.com/signed-out' }),
      page('parameter "client_id" is required'),
    );
    assert.deepEqual(await cognito({ client_id: APP.clientId }), page('parameter "logout_uri" is required'));
    assert.deepEqual(
      await cognito({ client_id: 'ghost', logout_uri: 'https://app.example.com/signed-out' }),
      page('unknown client_id', 'invalid_client'),
    );
    assert.deepEqual(
      await cognito({ client_id: APP.clientId, logout_uri: 'https://other.example.com/out' }),
      page('logout_uri is not registered for this client'),
    );
    assert.deepEqual(
      await cognito({ client_id: APP.clientId, logout_uri: 'https://app.example.com/signed-out#x' }),
      page('logout_uri is not registered for this client'),
    );
  });
});

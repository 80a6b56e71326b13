import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier, type Verifier } from '../../src/index.js';
import { TestGatehouse } from './gatehouse.js';

/** What each framework's test app must serve. */
export interface ApiRoutes {
  /** GET /orders: scopes ['list-orders'], realm "orders"; answers { client_id, scopes } from the request's auth. */
  /** GET /whoami: no options; answers { client_id }. */
  /** GET /broken: the `broken` verifier (keys unreachable), no options. */
  url: string;
  close(): Promise<void>;
}

export type StartApi = (verifier: Verifier, broken: Verifier) => Promise<ApiRoutes>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown> | null;
}

async function get(url: string, authorization?: string): Promise<Answer> {
  const response = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
  const text = await response.text();
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, text, body };
}

function assertError(
  answer: Answer,
  status: number,
  challenge: string | null,
  error: string,
  description: string,
): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers.get('www-authenticate'), challenge);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(answer.body, { error, error_description: description });
}

/** The same RFC 6750 behaviour, over real HTTP, for every framework adapter. */
export function middlewareSuite(framework: string, startApi: StartApi): void {
  describe(`${framework} middleware over HTTP`, () => {
    let gate: TestGatehouse;
    let api: ApiRoutes;
    let verifier: Verifier;
    let broken: Verifier;
    let placeOnly: string;
    let both: string;
    let clientId: string;

    before(async () => {
      gate = await TestGatehouse.start();
      await gate.resourceServer({
        identifier: 'lj-health-food',
        name: 'Orders',
        scopes: [{ name: 'place-order' }, { name: 'list-orders' }],
      });
      const delivery = await gate.client(['lj-health-food/place-order', 'lj-health-food/list-orders']);
      clientId = delivery.clientId;
      placeOnly = await gate.token(delivery, { resource: 'lj-health-food', scope: 'place-order' });
      both = await gate.token(delivery, { resource: 'lj-health-food', scope: 'place-order list-orders' });
      verifier = createVerifier({ issuer: gate.issuer, audience: 'lj-health-food', revocation: false });
      broken = createVerifier({
        issuer: gate.issuer,
        audience: 'lj-health-food',
        jwksUri: 'http://127.0.0.1:1/jwks',
        revocation: false,
      });
      api = await startApi(verifier, broken);
    });
    after(async () => {
      await api.close();
      verifier.close();
      await gate.stop();
    });

    test('200 with the verified claims on the request', async () => {
      const answer = await get(`${api.url}/orders`, `Bearer ${both}`);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body, { client_id: clientId, scopes: ['list-orders', 'place-order'] });
      assert.deepEqual((await get(`${api.url}/whoami`, `bearer ${placeOnly}`)).body, { client_id: clientId });
    });

    test('no Authorization header, or another scheme: 401 with a bare challenge', async () => {
      const missing = await get(`${api.url}/orders`);
      assertError(
        missing,
        401,
        'Bearer realm="orders"',
        'invalid_request',
        'An access token is required (Authorization: Bearer)',
      );
      assertError(
        await get(`${api.url}/whoami`),
        401,
        'Bearer',
        'invalid_request',
        'An access token is required (Authorization: Bearer)',
      );
      const basic = await get(`${api.url}/whoami`, 'Basic dXNlcjpwYXNz');
      assertError(
        basic,
        401,
        'Bearer',
        'invalid_request',
        'An access token is required (Authorization: Bearer)',
      );
    });

    test('a malformed Bearer header: 401 invalid_request', async () => {
      const description = 'The Authorization header must hold the Bearer scheme and one token';
      assertError(
        await get(`${api.url}/orders`, `Bearer ${both} ${both}`),
        401,
        `Bearer realm="orders", error="invalid_request", error_description="${description}"`,
        'invalid_request',
        description,
      );
    });

    test('an invalid token: 401 invalid_token, and the token is never echoed', async () => {
      const tampered = `${both.slice(0, -4)}AAAA`;
      const answer = await get(`${api.url}/orders`, `Bearer ${tampered}`);
      const description = 'The access token signature is invalid';
      assertError(
        answer,
        401,
        `Bearer realm="orders", error="invalid_token", error_description="${description}"`,
        'invalid_token',
        description,
      );
      assert.ok(!answer.text.includes(tampered.slice(0, 40)));
      const garbage = await get(`${api.url}/whoami`, 'Bearer not-a-jwt');
      assertError(
        garbage,
        401,
        'Bearer error="invalid_token", error_description="The access token is malformed"',
        'invalid_token',
        'The access token is malformed',
      );
    });

    test('a valid token without the route scope: 403 insufficient_scope naming the scope', async () => {
      const description = 'The access token does not carry the required scope';
      assertError(
        await get(`${api.url}/orders`, `Bearer ${placeOnly}`),
        403,
        `Bearer realm="orders", error="insufficient_scope", error_description="${description}", scope="list-orders"`,
        'insufficient_scope',
        description,
      );
    });

    test('signing keys unreachable: 503 temporarily_unavailable, not a 500 and not a 401', async () => {
      const answer = await get(`${api.url}/broken`, `Bearer ${both}`);
      assertError(
        answer,
        503,
        null,
        'temporarily_unavailable',
        'The signing keys of the authorization server are unavailable, try again later',
      );
    });
  });
}

import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import express, { type ErrorRequestHandler } from 'express';
import { createVerifier, toHttpError, type Verifier, VerifyError } from '../src/index.js';
import { isTokenRefusal, requireToken, type TokenRefusal } from '../src/express.js';
import { withHttpAnswer } from '../src/http-error.js';
import type { TestClient, TestGatehouse } from './support/gatehouse.js';
import { get, listen, recordingLogger, type RunningApp, twoApis } from './support/refusal-apps.js';

describe("Express requireToken with errors: 'next'", () => {
  let gate: TestGatehouse;
  let caller: TestClient;
  let verifier: Verifier;
  let broken: Verifier;
  let app: RunningApp;
  let plain: RunningApp;
  const handled: TokenRefusal[] = [];
  const logger = recordingLogger();

  before(async () => {
    ({ gate, caller } = await twoApis());
    verifier = createVerifier({ issuer: gate.issuer, audience: 'lj-health-food', revocation: false });
    broken = createVerifier({
      issuer: gate.issuer,
      audience: 'lj-health-food',
      jwksUri: 'http://127.0.0.1:1/jwks',
      revocation: false,
    });
    const buggy = { verify: () => Promise.reject(new TypeError('a bug in a custom verifier')) };

    const api = express();
    const options = { errors: 'next', realm: 'orders', logger } as const;
    api.get('/orders', requireToken(verifier, { ...options, scopes: ['list-orders'] }), (req, res) => {
      res.json({ client_id: req.auth?.client_id });
    });
    api.get('/broken', requireToken(broken, options), (_req, res) => res.json({ reached: true }));
    api.get('/buggy', requireToken(buggy as unknown as Verifier, options), (_req, res) => res.end());
    // The application's error handler: its own body, the RFC 6750 status and headers.
    const answerRefusals: ErrorRequestHandler = (err, _req, res, next) => {
      if (!isTokenRefusal(err)) return next(err);
      handled.push(err);
      res
        .status(err.status)
        .set(err.headers)
        .json({ ...err.body, code: err instanceof VerifyError ? err.code : 'ERR_UNEXPECTED' });
    };
    api.use(answerRefusals);
    app = await listen(createServer(api));

    // No error handler at all: Express's own answers with the status and headers the error carries.
    const bare = express();
    bare.set('env', 'test'); // keeps finalhandler from printing the stack
    bare.get('/orders', requireToken(verifier, { errors: 'next', logger: false }), (_req, res) => res.end());
    plain = await listen(createServer(bare));
  });
  after(async () => {
    await app.close();
    await plain.close();
    verifier.close();
    broken.close();
    await gate.stop();
  });

  test("a token meant for another API reaches the app's error handler as the typed VerifyError", async () => {
    handled.length = 0;
    logger.lines.length = 0;
    const token = await gate.token(caller, { resource: 'billing', scope: 'pay' });
    const answer = await get(`${app.url}/orders`, `Bearer ${token}`);
    const description = 'The access token is not meant for this resource';
    assert.equal(answer.status, 401);
    assert.equal(
      answer.headers.get('www-authenticate'),
      `Bearer realm="orders", error="invalid_token", error_description="${description}"`,
    );
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.deepEqual(answer.body, {
      error: 'invalid_token',
      error_description: description,
      code: 'ERR_AUDIENCE_MISMATCH',
    });
    const error = handled[0];
    assert.ok(error instanceof VerifyError);
    assert.equal(error.code, 'ERR_AUDIENCE_MISMATCH');
    assert.deepEqual(error.failedAssertion, { claim: 'aud', actual: 'billing', expected: 'lj-health-food' });
    assert.equal(error.clientId, caller.clientId);
    assert.equal(error.statusCode, 401);
    // The refusal is still logged, once.
    assert.deepEqual(
      logger.lines.map((line) => line.code),
      ['ERR_AUDIENCE_MISMATCH'],
    );
  });

  test('403: the error carries the insufficient_scope challenge with the route scope', async () => {
    handled.length = 0;
    const token = await gate.token(caller, { resource: 'lj-health-food', scope: 'place-order' });
    const answer = await get(`${app.url}/orders`, `Bearer ${token}`);
    assert.equal(answer.status, 403);
    assert.equal(
      answer.headers.get('www-authenticate'),
      'Bearer realm="orders", error="insufficient_scope", error_description="The access token does not carry the required scope", scope="list-orders"',
    );
    assert.equal(handled[0]?.status, 403);
  });

  test('503, and an unexpected error: next(err) too, with status 503 and no challenge', async () => {
    handled.length = 0;
    logger.lines.length = 0;
    const token = await gate.token(caller, { resource: 'lj-health-food', scope: 'place-order' });
    const down = await get(`${app.url}/broken`, `Bearer ${token}`);
    const buggy = await get(`${app.url}/buggy`, `Bearer ${token}`);
    for (const answer of [down, buggy]) {
      assert.equal(answer.status, 503);
      assert.equal(answer.headers.get('www-authenticate'), null);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
    }
    assert.equal((down.body as Record<string, unknown>).code, 'ERR_JWKS_UNAVAILABLE');
    assert.equal((buggy.body as Record<string, unknown>).code, 'ERR_UNEXPECTED');
    const unexpected = handled[1];
    assert.ok(unexpected instanceof TypeError);
    assert.equal(unexpected.message, 'a bug in a custom verifier');
    assert.deepEqual(
      logger.lines.map((line) => [line.level, line.code, line.cause?.slice(0, 25)]),
      [
        ['error', 'ERR_JWKS_UNAVAILABLE', "the issuer's signing keys"],
        ['error', 'ERR_UNEXPECTED', 'a bug in a custom verifie'],
      ],
    );
  });

  test("without an error handler, Express's default one answers with the carried status and challenge", async () => {
    const answer = await get(`${plain.url}/orders`);
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
    assert.equal(answer.headers.get('cache-control'), 'no-store');
  });

  test('errors must be respond or next', () => {
    assert.throws(
      () => requireToken(verifier, { errors: 'throw' as 'next' }),
      /errors must be 'respond' or 'next'/,
    );
  });
});

test('the error handed on is a copy: a shared error never carries one route’s answer', () => {
  const shared = new VerifyError('ERR_REVOCATION_STALE', 'stale', undefined, { cause: new Error('down') });
  const copy = withHttpAnswer(shared, toHttpError(shared, [], { realm: 'a' }));
  assert.ok(copy instanceof VerifyError && copy !== shared);
  assert.equal(copy.code, 'ERR_REVOCATION_STALE');
  assert.equal(copy.message, 'stale');
  assert.equal(copy.stack, shared.stack);
  assert.equal((copy.cause as Error).message, 'down');
  assert.equal(copy.status, 503);
  assert.equal('status' in shared, false);
  assert.equal(isTokenRefusal(shared), false);
  assert.equal(isTokenRefusal(copy), true);
  const fromString = withHttpAnswer('thrown', toHttpError('thrown'));
  assert.ok(fromString instanceof Error && fromString.cause === 'thrown');
});

// Every refusal by a Lambda authorizer calls onError and logs one structured line with the
// status the caller got (401, 403 or 500), its code, failed assertion and client, never the
// token. Real Gatehouse tokens.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVerifier, type RefusalLogger, type Verifier, VerifyError } from '../src/index.js';
import {
  createHttpApiIamAuthorizer,
  createHttpApiSimpleAuthorizer,
  createRestRequestAuthorizer,
  createRestTokenAuthorizer,
} from '../src/lambda.js';
import {
  httpEvent,
  METHOD_ARN,
  policyOf,
  recordingLogger,
  requestEvent,
  tokenEvent,
} from './support/lambda-events.js';
import { type OrdersTokens, ordersTokens } from './support/orders-tokens.js';

describe('Lambda authorizers: one refusal line each, and onError', () => {
  let orders: OrdersTokens;
  let verifier: Verifier;
  let clientId: string;
  let placeOnly: string;
  let both: string;

  before(async () => {
    orders = await ordersTokens();
    ({ verifier, clientId, placeOnly, both } = orders);
  });
  after(() => orders.stop());

  test('a refusal logs one line (401, 403, 500) and calls onError with the error and the event', async () => {
    const logger = recordingLogger();
    const seen: [Error, unknown][] = [];
    const options = { logger, onError: (error: Error, event: unknown) => seen.push([error, event]) };
    const rest = createRestRequestAuthorizer(verifier, { ...options, scopes: ['list-orders'] });
    const tokenHandler = createRestTokenAuthorizer(verifier, options);

    // 403: a Deny, with what was missing and for which client.
    const deny = requestEvent(`Bearer ${placeOnly}`);
    assert.equal(policyOf(await rest(deny))[0]?.Effect, 'Deny');
    // 401: no token, then a forged one (through a TOKEN authorizer: method and path from the ARN).
    await assert.rejects(rest(requestEvent()), { message: 'Unauthorized' });
    const forged = tokenEvent(
      `Bearer ${both.slice(0, -4)}AAAA`,
      METHOD_ARN.replace('/GET/request', '/POST/orders/7'),
    );
    await assert.rejects(tokenHandler(forged), { message: 'Unauthorized' });
    // 403 at an HTTP API, where a missing or bad token is isAuthorized: false.
    const simple = createHttpApiSimpleAuthorizer(verifier, options);
    assert.deepEqual(await simple(httpEvent('Bearer not-a-jwt')), { isAuthorized: false });

    assert.deepEqual(logger.lines, [
      {
        level: 'warn',
        line: {
          msg: 'token refused',
          event: 'token_refused',
          code: 'ERR_INSUFFICIENT_SCOPE',
          status: 403,
          adapter: 'lambda',
          failedAssertion: { claim: 'scope', actual: ['place-order'], expected: ['list-orders'] },
          clientId,
          reason: 'the token lacks the required scope(s): list-orders',
          method: 'GET',
          path: '/request',
        },
      },
      {
        level: 'warn',
        line: {
          msg: 'token refused',
          event: 'token_refused',
          code: 'ERR_TOKEN_MALFORMED',
          status: 401,
          adapter: 'lambda',
          failedAssertion: { claim: 'Authorization', actual: undefined, expected: 'Bearer <token>' },
          reason: 'the request has no Authorization header',
          method: 'GET',
          path: '/request',
        },
      },
      {
        level: 'warn',
        line: {
          msg: 'token refused',
          event: 'token_refused',
          code: 'ERR_SIGNATURE_INVALID',
          status: 401,
          adapter: 'lambda',
          reason: 'the token signature is invalid',
          method: 'POST',
          path: '/orders/7',
        },
      },
      {
        level: 'warn',
        line: {
          msg: 'token refused',
          event: 'token_refused',
          code: 'ERR_TOKEN_MALFORMED',
          status: 403,
          adapter: 'lambda',
          reason: "JWT must have 3 parts separated by '.', found 1",
          method: 'GET',
          path: '/request',
        },
      },
    ]);
    assert.deepEqual(
      seen.map(([error, event]) => [(error as VerifyError).code, event]),
      [
        ['ERR_INSUFFICIENT_SCOPE', deny],
        ['ERR_TOKEN_MALFORMED', seen[1]?.[1]],
        ['ERR_SIGNATURE_INVALID', forged],
        ['ERR_TOKEN_MALFORMED', seen[3]?.[1]],
      ],
    );
    assert.ok(seen.every(([error]) => error instanceof VerifyError));
    assert.ok(!JSON.stringify(logger.lines).includes(both.slice(0, 40)), 'no token in any line');

    // An allowed request reports nothing.
    assert.equal(policyOf(await rest(requestEvent(`Bearer ${both}`)))[0]?.Effect, 'Allow');
    assert.equal(logger.lines.length, 4);
  });

  test('a token meant for another API: onError sees ERR_AUDIENCE_MISMATCH with the failed assertion', async () => {
    const other = createVerifier({ issuer: orders.gate.issuer, audience: 'billing', revocation: false });
    const logger = recordingLogger();
    const seen: Error[] = [];
    const handler = createRestTokenAuthorizer(other, { logger, onError: (error) => seen.push(error) });
    await assert.rejects(handler(tokenEvent(`Bearer ${both}`)), { message: 'Unauthorized' });
    other.close();
    const [error] = seen;
    assert.ok(error instanceof VerifyError);
    assert.equal(error.code, 'ERR_AUDIENCE_MISMATCH');
    assert.deepEqual(error.failedAssertion, { claim: 'aud', actual: 'lj-health-food', expected: 'billing' });
    assert.equal(error.clientId, clientId);
    assert.deepEqual(logger.lines[0]?.line.failedAssertion, error.failedAssertion);
    assert.equal(logger.lines[0]?.line.status, 401);
  });

  test('keys unreachable: one error line with the cause, and the error rethrown (500)', async () => {
    const broken = createVerifier({
      issuer: orders.gate.issuer,
      audience: 'lj-health-food',
      jwksUri: 'http://127.0.0.1:1/jwks',
      revocation: false,
    });
    const logger = recordingLogger();
    const seen: Error[] = [];
    const handler = createHttpApiIamAuthorizer(broken, { logger, onError: (error) => seen.push(error) });
    await assert.rejects(handler(httpEvent(`Bearer ${both}`)), { code: 'ERR_JWKS_UNAVAILABLE' });
    assert.equal(seen.length, 1);
    assert.equal(logger.lines.length, 1);
    const { level, line } = logger.lines[0] ?? assert.fail('no line');
    assert.deepEqual(
      [level, line.status, line.code, line.event],
      ['error', 500, 'ERR_JWKS_UNAVAILABLE', 'verifier_unavailable'],
    );
    assert.match(line.cause ?? '', /signing keys could not be loaded/);
    broken.close();
  });

  test('onError observes only: what it throws is logged, the answer stays; logger: false is silent', async () => {
    const logger = recordingLogger();
    const throwing = createRestTokenAuthorizer(verifier, {
      logger,
      scopes: ['list-orders'],
      onError: () => {
        throw new Error('hook broke');
      },
    });
    assert.equal(policyOf(await throwing(tokenEvent(`Bearer ${placeOnly}`)))[0]?.Effect, 'Deny');
    assert.equal(logger.lines.length, 1);
    assert.equal(logger.lines[0]?.line.onErrorFailed, 'hook broke');

    const calls: string[] = [];
    const silent = createRestTokenAuthorizer(verifier, { logger: false, onError: () => calls.push('seen') });
    await assert.rejects(silent(tokenEvent('Bearer nope')), { message: 'Unauthorized' });
    assert.deepEqual(calls, ['seen']);

    // A logger that throws changes nothing either.
    const broken: RefusalLogger = {
      warn: () => {
        throw new Error('disk full');
      },
      error: () => {
        throw new Error('disk full');
      },
    };
    const still = createRestTokenAuthorizer(verifier, { logger: broken });
    await assert.rejects(still(tokenEvent('Bearer nope')), { message: 'Unauthorized' });
  });

  test('by default one JSON line goes to console.warn', async () => {
    const { warn } = console;
    const written: string[] = [];
    console.warn = (...args: unknown[]) => written.push(args.join(' '));
    try {
      await assert.rejects(createRestTokenAuthorizer(verifier)(tokenEvent('Bearer nope')), {
        message: 'Unauthorized',
      });
    } finally {
      console.warn = warn;
    }
    assert.equal(written.length, 1);
    const line = JSON.parse(written[0] ?? '{}') as Record<string, unknown>;
    assert.deepEqual(
      [line.level, line.code, line.status, line.adapter, line.method, line.path],
      ['warn', 'ERR_TOKEN_MALFORMED', 401, 'lambda', 'GET', '/request'],
    );
  });
});

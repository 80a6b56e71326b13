// Each Lambda factory answers its own API Gateway event kind, and treats any other kind as the
// configuration error it is: thrown (API Gateway answers 500, nothing is allowed or cached),
// reported once with its cause, never a policy without the right ARN. Real Gatehouse tokens.
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Verifier } from '../src/index.js';
import {
  type AuthorizerPolicyResult,
  AuthorizerEventError,
  createHttpApiIamAuthorizer,
  createHttpApiSimpleAuthorizer,
  createLambdaAuthorizer,
  createRestRequestAuthorizer,
  createRestTokenAuthorizer,
  type LambdaAuthorizerOptions,
} from '../src/lambda.js';
import {
  httpEvent,
  httpV1Event,
  METHOD_ARN,
  policyOf,
  recordingLogger,
  requestEvent,
  restProxyEvent,
  tokenEvent,
} from './support/lambda-events.js';
import { type OrdersTokens, ordersTokens } from './support/orders-tokens.js';

type AnyHandler = (event: never) => Promise<unknown>;
/** What these tests pass every factory: options that fit any event kind. */
type Options = Pick<LambdaAuthorizerOptions<unknown>, 'logger' | 'onError'>;
type Factory = (verifier: Verifier, options: Options) => AnyHandler;

const FACTORIES: Record<string, Factory> = {
  token: (v, o) => createRestTokenAuthorizer(v, o),
  request: (v, o) => createRestRequestAuthorizer(v, o),
  simple: (v, o) => createHttpApiSimpleAuthorizer(v, o),
  iam: (v, o) => createHttpApiIamAuthorizer(v, o),
  rest: (v, o) => createLambdaAuthorizer(v, { ...o, mode: 'rest' }),
  http: (v, o) => createLambdaAuthorizer(v, { ...o, mode: 'http' }),
};

/** Which events each factory is for; every other pairing is a configuration error. */
const ACCEPTS: Record<string, string[]> = {
  token: ['TOKEN'],
  request: ['REQUEST', 'HTTP API 1.0'],
  simple: ['HTTP API 2.0'],
  iam: ['HTTP API 2.0'],
  rest: ['TOKEN', 'REQUEST', 'HTTP API 1.0'],
  http: ['HTTP API 2.0'],
};

describe('Lambda authorizers: event kinds and mismatches', () => {
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

  /** Every event kind, each carrying a valid token: a mismatch would otherwise be allowed. */
  const events = (): Record<string, unknown> => ({
    TOKEN: tokenEvent(`Bearer ${both}`),
    REQUEST: requestEvent(`Bearer ${both}`),
    'HTTP API 1.0': httpV1Event(`Bearer ${both}`),
    'HTTP API 2.0': httpEvent(`Bearer ${both}`),
    'proxy integration event': { ...restProxyEvent(null), headers: { Authorization: `Bearer ${both}` } },
    null: null,
  });

  test('each factory allows its own event kind, for exactly the method or route ARN', async () => {
    for (const [name, factory] of Object.entries(FACTORIES)) {
      for (const kind of ACCEPTS[name] ?? []) {
        const event = events()[kind] as { methodArn?: string; routeArn?: string };
        const answer = await factory(verifier, { logger: false })(event as never);
        if (name === 'simple' || name === 'http') {
          assert.equal((answer as { isAuthorized: boolean }).isAuthorized, true, `${name} ${kind}`);
          continue;
        }
        assert.deepEqual(
          policyOf(answer),
          [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn ?? event.routeArn }],
          `${name} ${kind}`,
        );
        assert.equal((answer as AuthorizerPolicyResult).principalId, clientId);
      }
    }
  });

  test('any other event kind is thrown as AuthorizerEventError, reported once, never a policy', async () => {
    for (const [name, factory] of Object.entries(FACTORIES)) {
      for (const [kind, event] of Object.entries(events())) {
        if (ACCEPTS[name]?.includes(kind)) continue;
        const logger = recordingLogger();
        const seen: [unknown, unknown][] = [];
        const handler = factory(verifier, { logger, onError: (error, e) => seen.push([error, e]) });
        let thrown: unknown;
        await handler(event as never).then(
          (answer) => assert.fail(`${name} answered ${kind} with ${JSON.stringify(answer)}`),
          (error: unknown) => (thrown = error),
        );
        assert.ok(thrown instanceof AuthorizerEventError, `${name} ${kind}: ${String(thrown)}`);
        assert.deepEqual(seen, [[thrown, event]], `${name} ${kind}: onError once`);
        assert.equal(logger.lines.length, 1, `${name} ${kind}: one line`);
        const [{ level, line }] = logger.lines as [(typeof logger.lines)[number]];
        assert.equal(level, 'error');
        assert.equal(line.status, 500);
        assert.equal(line.code, 'ERR_UNEXPECTED');
        assert.equal(line.event, 'verifier_unavailable');
        assert.equal(line.adapter, 'lambda');
        assert.ok(line.cause?.includes(thrown.message), line.cause);
        assert.ok(!JSON.stringify(line).includes(both.split('.')[2] ?? '-'), 'no token in the line');
      }
    }
  });

  test('the error names both kinds and the fix: a v2 event at a REST handler has no methodArn', async () => {
    const cases: [AnyHandler, unknown, RegExp][] = [
      [
        createLambdaAuthorizer(verifier, { mode: 'rest', logger: false }),
        httpEvent(`Bearer ${both}`),
        /createLambdaAuthorizer is for a REST API TOKEN or REQUEST authorizer event but got an HTTP API authorizer event \(payload format 2\.0\): it has no methodArn .*payload format version to 1\.0/,
      ],
      [
        createRestRequestAuthorizer(verifier, { logger: false }),
        httpEvent(`Bearer ${both}`),
        /no methodArn to write a policy for: use createHttpApiSimpleAuthorizer or createHttpApiIamAuthorizer/,
      ],
      [
        createRestRequestAuthorizer(verifier, { logger: false }),
        tokenEvent(`Bearer ${both}`),
        /got a REST API TOKEN authorizer event: set the authorizer's type to REQUEST, or use createRestTokenAuthorizer/,
      ],
      [
        createRestTokenAuthorizer(verifier, { logger: false }),
        requestEvent(`Bearer ${both}`),
        /set the authorizer's type to TOKEN, or use createRestRequestAuthorizer/,
      ],
      [
        createHttpApiSimpleAuthorizer(verifier, { logger: false }),
        requestEvent(`Bearer ${both}`),
        /createHttpApiSimpleAuthorizer is for an HTTP API authorizer event \(payload format 2\.0\) but got a REST API REQUEST authorizer event: use createRestRequestAuthorizer behind a REST API REQUEST authorizer/,
      ],
      [
        createHttpApiIamAuthorizer(verifier, { logger: false }),
        httpV1Event(`Bearer ${both}`),
        /got an HTTP API authorizer event with payload format 1\.0: set the HTTP API authorizer's payload format version to 2\.0, or use createRestRequestAuthorizer/,
      ],
      [
        createHttpApiIamAuthorizer(verifier, { logger: false }),
        restProxyEvent(null),
        /got a proxy integration event \(the function is wired as an integration, not as an authorizer\)/,
      ],
    ];
    for (const [handler, event, message] of cases) {
      await assert.rejects(handler(event as never), { name: 'AuthorizerEventError', message });
    }
  });

  test('an event of the right kind without the ARN a policy needs is thrown too', async () => {
    const token = createRestTokenAuthorizer(verifier, { logger: false });
    const request = createRestRequestAuthorizer(verifier, { logger: false });
    const iam = createHttpApiIamAuthorizer(verifier, { logger: false });
    const bearer = `Bearer ${both}`;
    const cases: [AnyHandler, unknown, RegExp][] = [
      [token, { type: 'TOKEN', authorizationToken: bearer }, /whose methodArn is missing/],
      [token, tokenEvent(bearer, '*'), /whose methodArn is not an execute-api ARN/],
      [token, tokenEvent(bearer, 'arn:aws:s3:::bucket/key'), /not an execute-api ARN/],
      [token, tokenEvent(bearer, `${METHOD_ARN} `), /not an execute-api ARN/],
      [token, { type: 'TOKEN', methodArn: METHOD_ARN }, /whose authorizationToken is not a string/],
      [request, { ...requestEvent(bearer), methodArn: 42 }, /whose methodArn is not a string/],
      [request, { ...requestEvent(), headers: `Authorization: ${bearer}` }, /whose headers is not an object/],
      [iam, { ...httpEvent(bearer), routeArn: undefined }, /whose routeArn is missing/],
      [iam, { ...httpEvent(bearer), type: 'TOKEN' }, /whose type is not REQUEST/],
      [iam, { ...httpEvent(bearer), identitySource: bearer }, /whose identitySource is not a list/],
    ];
    for (const [handler, event, message] of cases) {
      await assert.rejects(handler(event as never), { name: 'AuthorizerEventError', message });
    }
  });

  test('HTTP API with IAM responses: Deny on the route ARN for a bad token or a missing scope', async () => {
    const logger = recordingLogger();
    const handler = createHttpApiIamAuthorizer(verifier, { scopes: ['list-orders'], logger });
    const denied = await handler(httpEvent(`Bearer ${placeOnly}`));
    assert.deepEqual(denied, {
      principalId: clientId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: METHOD_ARN }],
      },
    });
    const garbage = await handler(httpEvent('Bearer garbage'));
    assert.equal(garbage.principalId, 'anonymous');
    assert.equal(policyOf(garbage)[0]?.Effect, 'Deny');
    assert.deepEqual(
      logger.lines.map(({ level, line }) => [level, line.status, line.code]),
      [
        ['warn', 403, 'ERR_INSUFFICIENT_SCOPE'],
        ['warn', 403, 'ERR_TOKEN_MALFORMED'],
      ],
    );
    const allowed = await handler(httpEvent(`Bearer ${both}`));
    assert.equal(allowed.context?.client_id, clientId);
  });

  test('misuse throws TypeError at creation', () => {
    assert.throws(
      () => createRestTokenAuthorizer({} as Verifier),
      /createRestTokenAuthorizer: the first argument must be a verifier/,
    );
    assert.throws(
      () => createHttpApiIamAuthorizer(verifier, { scopes: ['two words'] }),
      /createHttpApiIamAuthorizer: scopes must be an array of scope names/,
    );
    assert.throws(
      () => createRestRequestAuthorizer(verifier, { onError: 'log' as never }),
      /createRestRequestAuthorizer: onError must be a function/,
    );
    assert.throws(
      () => createHttpApiSimpleAuthorizer(verifier, 'rest' as never),
      /options must be an object/,
    );
  });
});

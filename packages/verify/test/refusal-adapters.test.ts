import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, type Verifier, VerifyError } from '../src/index.js';
import { authenticate } from '../src/http.js';
import { FakeIssuer } from './support/fake-issuer.js';
import type { TestClient, TestGatehouse } from './support/gatehouse.js';
import {
  type AnyOptions,
  captureConsole,
  FRAMEWORKS,
  get,
  recordingLogger,
  startApp,
  twoApis,
} from './support/refusal-apps.js';

/** Every refusal of every adapter is seen: onError, one log line, never the token. */
describe('refusals you can see, over HTTP against a real Gatehouse', () => {
  let gate: TestGatehouse;
  let caller: TestClient;
  let ordersToken: string;
  let billingToken: string;
  const verifiers: Verifier[] = [];
  const make = (issuer: string, extra: { jwksUri?: string } = {}): Verifier => {
    const v = createVerifier({ issuer, audience: 'lj-health-food', revocation: false, ...extra });
    verifiers.push(v);
    return v;
  };

  before(async () => {
    ({ gate, caller } = await twoApis());
    ordersToken = await gate.token(caller, { resource: 'lj-health-food', scope: 'list-orders' });
    billingToken = await gate.token(caller, { resource: 'billing', scope: 'pay' });
  });
  after(async () => {
    for (const v of verifiers) v.close();
    await gate.stop();
  });

  async function withApp<T>(
    framework: (typeof FRAMEWORKS)[number],
    verifier: Verifier,
    options: AnyOptions,
    fn: (url: string) => Promise<T>,
  ): Promise<T> {
    const app = await startApp(framework, verifier, options);
    try {
      return await fn(`${app.url}/orders`);
    } finally {
      await app.close();
    }
  }

  for (const framework of FRAMEWORKS) {
    test(`${framework}: onError receives ERR_AUDIENCE_MISMATCH with failedAssertion for a token meant for another API`, async () => {
      const seen: { error: unknown; request: unknown }[] = [];
      const logger = recordingLogger();
      const options: AnyOptions = {
        onError: (error: unknown, request: unknown) => seen.push({ error, request }),
        logger,
      };
      const answer = await withApp(framework, make(gate.issuer), options, (url) =>
        get(`${url}?page=2&access_token=${billingToken}`, `Bearer ${billingToken}`),
      );
      // The wire answer is RFC 6750's, unchanged.
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, {
        error: 'invalid_token',
        error_description: 'The access token is not meant for this resource',
      });
      assert.equal(seen.length, 1);
      const { error, request } = seen[0] ?? {};
      assert.ok(error instanceof VerifyError);
      assert.equal(error.code, 'ERR_AUDIENCE_MISMATCH');
      assert.deepEqual(error.failedAssertion, {
        claim: 'aud',
        actual: 'billing',
        expected: 'lj-health-food',
      });
      assert.equal(error.clientId, caller.clientId);
      // The framework's own request object.
      assert.equal((request as { method?: string }).method, 'GET');
      // One line, with what failed and for whom, and no token anywhere in it.
      assert.equal(logger.lines.length, 1);
      assert.deepEqual(logger.lines[0], {
        level: 'warn',
        msg: 'token refused',
        event: 'token_refused',
        code: 'ERR_AUDIENCE_MISMATCH',
        status: 401,
        failedAssertion: { claim: 'aud', actual: 'billing', expected: 'lj-health-food' },
        clientId: caller.clientId,
        reason: 'the token is meant for another audience',
        method: 'GET',
        path: '/orders',
        adapter: framework,
      });
    });

    test(`${framework}: the default logger writes one JSON line per refusal, never the token`, async () => {
      const captured = captureConsole();
      const tampered = `${ordersToken.slice(0, -6)}AAAAAA`;
      const statuses: number[] = [];
      try {
        await withApp(framework, make(gate.issuer), {}, async (url) => {
          statuses.push((await get(url, `Bearer ${billingToken}`)).status);
          statuses.push((await get(`${url}?t=${tampered}`, `Bearer ${tampered}`)).status);
          statuses.push((await get(url, `Bearer ${ordersToken} ${ordersToken}`)).status);
          statuses.push((await get(url, `Basic ${ordersToken}`)).status);
          statuses.push((await get(url, `Bearer ${ordersToken}`)).status);
        });
      } finally {
        captured.restore();
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 200]);
      const lines = captured.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        lines.map((line) => [line.level, line.code, line.clientId]),
        [
          ['warn', 'ERR_AUDIENCE_MISMATCH', caller.clientId],
          ['warn', 'ERR_SIGNATURE_INVALID', undefined],
          ['warn', 'ERR_TOKEN_MALFORMED', undefined],
          ['warn', 'ERR_TOKEN_MALFORMED', undefined],
        ],
      );
      const text = captured.text();
      for (const token of [billingToken, tampered, ordersToken]) {
        const [header, payload, signature] = token.split('.');
        for (const part of [token, header, payload, signature]) {
          assert.ok(
            part !== undefined && part.length > 20 && !text.includes(part),
            'a token part was logged',
          );
        }
      }
    });

    test(`${framework}: logger false is silent; an onError that throws changes nothing on the wire`, async () => {
      const captured = captureConsole();
      let quiet: Awaited<ReturnType<typeof get>>;
      let loud: Awaited<ReturnType<typeof get>>;
      let quietLines: number;
      try {
        quiet = await withApp(framework, make(gate.issuer), { logger: false }, (url) =>
          get(url, `Bearer ${billingToken}`),
        );
        quietLines = captured.lines.length;
        const hook = () => {
          throw new Error('bug in the hook');
        };
        loud = await withApp(framework, make(gate.issuer), { logger: false, onError: hook }, (url) =>
          get(url, `Bearer ${billingToken}`),
        );
      } finally {
        captured.restore();
      }
      assert.equal(quietLines, 0);
      assert.deepEqual([quiet.status, loud.status], [401, 401]);
      assert.deepEqual(loud.body, quiet.body);
      assert.equal(loud.headers.get('www-authenticate'), quiet.headers.get('www-authenticate'));
      assert.equal(captured.lines.length, 1);
      assert.match(captured.lines[0] ?? '', /"onErrorFailed":"bug in the hook"/);
    });

    test(`${framework}: an issuer configured with a trailing slash: 503 on the wire, the cause in the line and in onError`, async () => {
      const logger = recordingLogger();
      const seen: unknown[] = [];
      const answer = await withApp(
        framework,
        make(`${gate.issuer}/`),
        { logger, onError: (error: unknown) => seen.push(error) },
        (url) => get(url, `Bearer ${ordersToken}`),
      );
      assert.equal(answer.status, 503);
      assert.equal(answer.headers.get('www-authenticate'), null);
      assert.deepEqual(answer.body, {
        error: 'temporarily_unavailable',
        error_description: 'The signing keys of the authorization server are unavailable, try again later',
      });
      const hint = `issuer is "${gate.issuer}", expected "${gate.issuer}/" (they differ only by a trailing slash)`;
      const line = logger.lines[0];
      assert.equal(logger.lines.length, 1);
      assert.equal(line?.level, 'error');
      assert.equal(line?.event, 'verifier_unavailable');
      assert.equal(line?.code, 'ERR_JWKS_UNAVAILABLE');
      const cause = line?.cause ?? '';
      assert.ok(cause.includes(hint), cause);
      assert.ok(cause.includes(`set the verifier's issuer to "${gate.issuer}"`), cause);
      const error = seen[0];
      assert.ok(error instanceof VerifyError && error.code === 'ERR_JWKS_UNAVAILABLE');
      assert.ok(error.cause instanceof Error && error.cause.message.includes(hint), String(error.cause));
    });
  }

  test('an issuer off by a trailing slash, keys configured directly: each 401 line says so', async () => {
    const logger = recordingLogger();
    const verifier = make(`${gate.issuer}/`, { jwksUri: `${gate.issuer}/.well-known/jwks.json` });
    const answer = await withApp('fastify', verifier, { logger }, (url) => get(url, `Bearer ${ordersToken}`));
    assert.equal(answer.status, 401);
    assert.equal(logger.lines[0]?.code, 'ERR_ISSUER_MISMATCH');
    assert.deepEqual(logger.lines[0]?.failedAssertion, {
      claim: 'iss',
      actual: gate.issuer,
      expected: `${gate.issuer}/`,
    });
    assert.match(logger.lines[0]?.reason ?? '', /they differ only by a trailing slash/);
  });

  test('a wrong jwksUri (a 404, or a web page) says to check the jwksUri option', async () => {
    const fake = await FakeIssuer.start();
    try {
      for (const jwksUri of [`${gate.issuer}/no-such-jwks`, `${fake.issuer}/no-such-jwks`]) {
        const logger = recordingLogger();
        const verifier = make(gate.issuer, { jwksUri });
        const answer = await withApp('http', verifier, { logger }, (url) =>
          get(url, `Bearer ${ordersToken}`),
        );
        assert.equal(answer.status, 503);
        assert.match(
          logger.lines[0]?.cause ?? '',
          /JWKS http:\/\/[^/]+\/no-such-jwks: (HTTP 404|not JSON \(text\/html.*\)) \(check the jwksUri option/,
        );
      }
    } finally {
      await fake.close();
    }
  });

  test('an issuer with no metadata (a 404, or a web page) asks whether issuer is right', async () => {
    const fake = await FakeIssuer.start();
    try {
      for (const issuer of [`${gate.issuer}/not-an-issuer`, `${fake.issuer}/not-an-issuer`]) {
        const logger = recordingLogger();
        const answer = await withApp('express', make(issuer), { logger }, (url) =>
          get(url, `Bearer ${ordersToken}`),
        );
        assert.equal(answer.status, 503);
        assert.match(
          logger.lines[0]?.cause ?? '',
          /(not JSON \(text\/html.*\)|not found \(HTTP 404\) at .*); is issuer the exact iss of your tokens/,
        );
      }
    } finally {
      await fake.close();
    }
  });

  test('http: authenticate() reports its refusals too', async () => {
    const logger = recordingLogger();
    const seen: unknown[] = [];
    const verifier = make(gate.issuer);
    const server = createServer((req, res) => {
      const options = {
        logger,
        onError: (error: Error, request: IncomingMessage) => seen.push(error, request),
      };
      void authenticate(verifier, req, res, options).then((claims) => {
        if (claims) res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders?x=1`;
      assert.equal((await get(url, `Bearer ${billingToken}`)).status, 401);
    } finally {
      server.close();
      server.closeAllConnections();
    }
    assert.equal((seen[0] as VerifyError).code, 'ERR_AUDIENCE_MISMATCH');
    assert.equal((seen[1] as IncomingMessage).url, '/orders?x=1');
    assert.deepEqual(
      logger.lines.map((line) => [line.adapter, line.path, line.code]),
      [['http', '/orders', 'ERR_AUDIENCE_MISMATCH']],
    );
  });

  test('adapter options are checked when the middleware is made', async () => {
    const verifier = make(gate.issuer);
    for (const framework of FRAMEWORKS) {
      await assert.rejects(
        startApp(framework, verifier, { onError: 'log' as never }),
        /onError must be a function/,
      );
      await assert.rejects(
        startApp(framework, verifier, { logger: console.log as never }),
        /logger must have warn\(line\) and error\(line\) methods/,
      );
    }
  });
});

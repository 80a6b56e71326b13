import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createVerifier,
  defaultRefusalLogger,
  type RefusalLine,
  refusalLine,
  type Verifier,
  VerifyError,
} from '../src/index.js';
import { reportRefusal } from '../src/refusal.js';
import { rejectsWithCode } from './support/assert.js';
import { FakeIssuer, makeKey } from './support/fake-issuer.js';
import { captureConsole } from './support/refusal-apps.js';

/** Runs `fn` with console.warn/console.error captured. */
function captured(fn: () => void): string[] {
  const console = captureConsole();
  try {
    fn();
  } finally {
    console.restore();
  }
  return console.lines;
}

describe('refusalLine', () => {
  test('a 401 names the code, the failed assertion, the client and the path without its query', () => {
    const error = new VerifyError(
      'ERR_AUDIENCE_MISMATCH',
      'the token is meant for another audience',
      { claim: 'aud', actual: 'billing', expected: 'orders' },
      { clientId: 'delivery' },
    );
    assert.deepEqual(
      refusalLine(error, 401, 'express', { method: 'GET', path: '/orders?access_token=abc#x' }),
      {
        msg: 'token refused',
        event: 'token_refused',
        code: 'ERR_AUDIENCE_MISMATCH',
        status: 401,
        adapter: 'express',
        failedAssertion: { claim: 'aud', actual: 'billing', expected: 'orders' },
        clientId: 'delivery',
        reason: 'the token is meant for another audience',
        method: 'GET',
        path: '/orders',
      },
    );
  });

  test('a 503 carries the cause chain, each message once', () => {
    const root = new Error('metadata http://x/.well-known/oauth-authorization-server: HTTP 404');
    const error = new VerifyError(
      'ERR_JWKS_UNAVAILABLE',
      `the issuer's signing keys could not be loaded: ${root.message}`,
      undefined,
      { cause: new Error('socket hang up', { cause: root }) },
    );
    const line = refusalLine(error, 503, 'http');
    assert.equal(line.event, 'verifier_unavailable');
    assert.equal(line.msg, 'verifier unavailable');
    assert.equal(
      line.cause,
      "the issuer's signing keys could not be loaded: metadata http://x/.well-known/oauth-authorization-server: HTTP 404: socket hang up",
    );
  });

  test('an unexpected error is ERR_UNEXPECTED with its message as cause', () => {
    const line = refusalLine(new TypeError('verifier bug'), 503, 'fastify');
    assert.equal(line.code, 'ERR_UNEXPECTED');
    assert.equal(line.cause, 'verifier bug');
    assert.equal(refusalLine('thrown string', 503, 'fastify').cause, 'thrown string');
  });

  test('what a token claimed is cut: long strings, long arrays, deep objects', () => {
    const huge = 'a'.repeat(10_000);
    const error = new VerifyError('ERR_AUDIENCE_MISMATCH', 'x', {
      claim: 'aud',
      actual: [huge, ...Array.from({ length: 100 }, (_, i) => `aud-${i}`)],
      expected: { a: { b: { c: { d: 'deep' } } } },
    });
    const line = refusalLine(error, 401, 'http');
    const actual = line.failedAssertion?.actual as string[];
    assert.equal(actual.length, 21);
    assert.equal(actual[0], `${'a'.repeat(200)}…`);
    assert.equal(actual[20], '… 81 more');
    assert.deepEqual(line.failedAssertion?.expected, { a: { b: { c: '{…}' } } });
    assert.ok(JSON.stringify(line).length < 1000);
  });
});

describe('defaultRefusalLogger and reportRefusal', () => {
  const refused = new VerifyError('ERR_TOKEN_EXPIRED', 'the token has expired', {
    claim: 'exp',
    actual: 1,
    expected: 2,
  });

  test('one JSON line per refusal: warn for 401/403, error for 503', () => {
    const out = captured(() => {
      defaultRefusalLogger.warn(refusalLine(refused, 401, 'http', { method: 'GET', path: '/a' }));
      defaultRefusalLogger.error(refusalLine(new Error('down'), 503, 'http'));
    });
    assert.equal(out.length, 2);
    const warn = JSON.parse(out[0] ?? '') as Record<string, unknown>;
    assert.equal(warn.level, 'warn');
    assert.equal(warn.code, 'ERR_TOKEN_EXPIRED');
    assert.ok(!Number.isNaN(Date.parse(String(warn.time))));
    assert.equal((JSON.parse(out[1] ?? '') as Record<string, unknown>).level, 'error');
  });

  test('onError runs first; what it throws is reported on the line, never thrown', () => {
    const lines: [string, RefusalLine][] = [];
    const logger = {
      warn: (line: RefusalLine) => lines.push(['warn', line]),
      error: (line: RefusalLine) => lines.push(['error', line]),
    };
    const seen: unknown[] = [];
    reportRefusal({ onError: (e, r) => seen.push(e, r), logger }, refused, 401, 'http', 'req', {});
    assert.deepEqual(seen, [refused, 'req']);
    assert.deepEqual(
      lines.map(([level, line]) => [level, line.code]),
      [['warn', 'ERR_TOKEN_EXPIRED']],
    );
    lines.length = 0;
    const hook = () => {
      throw new Error('hook bug');
    };
    reportRefusal({ onError: hook, logger }, refused, 401, 'http', 'req', {});
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.[0], 'error');
    assert.equal(lines[0]?.[1].onErrorFailed, 'hook bug');
  });

  test('logger: false is silent, except for an onError that throws; a throwing logger is contained', () => {
    const quiet = captured(() => reportRefusal({ logger: false }, refused, 401, 'http', null, {}));
    assert.deepEqual(quiet, []);
    const hook = () => {
      throw new Error('hook bug');
    };
    const loud = captured(() =>
      reportRefusal({ logger: false, onError: hook }, refused, 401, 'http', null, {}),
    );
    assert.match(loud[0] ?? '', /"level":"error".*"onErrorFailed":"hook bug"/);
    const throwing = {
      warn: () => {
        throw new Error('logger down');
      },
      error: () => undefined,
    };
    assert.doesNotThrow(() => reportRefusal({ logger: throwing }, refused, 401, 'http', null, {}));
  });
});

describe('VerifyError.clientId', () => {
  let issuer: FakeIssuer;
  let verifier: Verifier;
  before(async () => {
    issuer = await FakeIssuer.start();
    issuer.addKey('ES256');
    verifier = createVerifier({ issuer: issuer.issuer, audience: 'orders', revocation: false });
  });
  after(async () => {
    verifier.close();
    await issuer.close();
  });

  test('set on a refusal once the signature checked out', async () => {
    const key = issuer.keys[0];
    assert.ok(key);
    const token = await issuer.sign(key, issuer.claims({ aud: 'billing', client_id: 'delivery' }));
    const error = await rejectsWithCode(verifier.verify(token), 'ERR_AUDIENCE_MISMATCH');
    assert.equal(error.clientId, 'delivery');
    assert.deepEqual(error.failedAssertion, { claim: 'aud', actual: 'billing', expected: 'orders' });
    assert.match(error.stack ?? '', /VerifyError: the token is meant for another audience/);
    const expired = await issuer.sign(key, issuer.claims({ client_id: 'delivery', exp: 1, iat: 0 }));
    assert.equal((await rejectsWithCode(verifier.verify(expired), 'ERR_TOKEN_EXPIRED')).clientId, 'delivery');
  });

  test('never set from a token whose signature failed: a forger cannot name a client', async () => {
    const key = issuer.keys[0];
    assert.ok(key);
    const forger = makeKey('ES256', key.kid);
    const forged = await issuer.sign(forger, issuer.claims({ aud: 'billing', client_id: 'victim' }));
    const error = await rejectsWithCode(verifier.verify(forged), 'ERR_SIGNATURE_INVALID');
    assert.equal(error.clientId, undefined);
    const unknownKid = await issuer.sign(makeKey('ES256'), issuer.claims({ client_id: 'victim' }));
    assert.equal(
      (await rejectsWithCode(verifier.verify(unknownKid), 'ERR_KEY_NOT_FOUND')).clientId,
      undefined,
    );
  });
});

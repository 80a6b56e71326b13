import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, type LogLevel } from '../../src/log.js';
import { SECRET_KEYS } from '../../src/log-redaction.js';

/** A logger whose lines land in an array, each checked to be exactly one JSON line. */
function capture(level: LogLevel = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger(level, (line) => {
    assert.ok(line.endsWith('\n') && line.indexOf('\n') === line.length - 1, 'one line per write');
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger, lines, raw };
}

test('a line: level as its label, ISO time, pid, msg, then the fields', () => {
  const { logger, lines, raw } = capture('info');
  logger.info('client created', { clientId: 'c1', count: 2, ok: true, none: null });
  const [line] = lines;
  const { time, ...rest } = line ?? {};
  assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(rest, {
    level: 'info',
    pid: process.pid,
    msg: 'client created',
    clientId: 'c1',
    count: 2,
    ok: true,
    none: null,
  });
  // No hostname: log shippers add the host themselves.
  assert.ok(!('hostname' in (line ?? {})));
  // msg comes before the fields, for whoever reads raw lines.
  assert.ok((raw[0] ?? '').indexOf('"msg"') < (raw[0] ?? '').indexOf('"clientId"'));
});

test('levels below the threshold are not written; silent writes nothing', () => {
  const { logger, lines } = capture('warn');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  assert.deepEqual(
    lines.map((l) => [l.level, l.msg]),
    [
      ['warn', 'w'],
      ['error', 'e'],
    ],
  );
  const silent = capture('silent');
  silent.logger.error('e', { error: new Error('x') });
  assert.equal(silent.lines.length, 0);
});

test('errors become {name, message, code, cause}, with the stack on error lines (and at debug)', () => {
  const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const outer = new TypeError('store unreachable', { cause: inner });
  const { logger, lines } = capture('info');
  logger.warn('poll failed', { error: outer });
  logger.error('request failed', { error: outer });
  assert.deepEqual(lines[0]?.error, {
    name: 'TypeError',
    message: 'store unreachable',
    cause: { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' },
  });
  const failed = lines[1]?.error as { stack?: string; cause?: { stack?: string } };
  assert.match(String(failed.stack), /^TypeError: store unreachable\n\s+at /);
  assert.match(String(failed.cause?.stack), /^Error: connect ECONNREFUSED/);
  const debugging = capture('debug');
  debugging.logger.warn('poll failed', { error: outer });
  assert.ok((debugging.lines[0]?.error as { stack?: string }).stack);
});

test('credentials are redacted by path: at the top, one level down, and in headers', () => {
  const { logger, lines, raw } = capture('debug');
  const secrets = {
    top: 'top-secret-value-1',
    basic: 'Basic Y2xpZW50OnNlY3JldA==',
    cookie: 'gh_session=cookie-value-2',
    setCookie: 'gh_session=cookie-value-3; HttpOnly',
    nested: 'nested-secret-4',
    token: 'eyJhbGciOiJFUzI1NiJ9.payload.sig',
    code: 'authorization-code-5',
    cognito: 'cognito-password-6',
  };
  logger.info('everything at once', {
    client_secret: secrets.top,
    clientId: 'c1',
    headers: {
      authorization: secrets.basic,
      cookie: secrets.cookie,
      'set-cookie': secrets.setCookie,
      accept: 'application/json',
    },
    body: { grant_type: 'client_credentials', client_secret: secrets.nested, code: secrets.code },
    answer: { access_token: secrets.token, token_type: 'Bearer' },
    AuthParameters: { USERNAME: 'kim', PASSWORD: secrets.cognito },
  });
  const [line] = lines;
  assert.equal(line?.client_secret, '[redacted]');
  assert.equal(line?.clientId, 'c1');
  assert.deepEqual(line?.headers, {
    authorization: '[redacted]',
    cookie: '[redacted]',
    'set-cookie': '[redacted]',
    accept: 'application/json',
  });
  assert.deepEqual(line?.body, {
    grant_type: 'client_credentials',
    client_secret: '[redacted]',
    code: '[redacted]',
  });
  assert.deepEqual(line?.answer, { access_token: '[redacted]', token_type: 'Bearer' });
  assert.deepEqual(line?.AuthParameters, { USERNAME: 'kim', PASSWORD: '[redacted]' });
  for (const secret of Object.values(secrets)) assert.ok(!raw[0]?.includes(secret), secret);
});

test('every secret name is redacted at the top and one level down, on lines with and without objects', () => {
  const { logger, lines } = capture('debug');
  for (const key of SECRET_KEYS) {
    logger.info('flat', { [key]: 'v', keep: 'k' });
    logger.info('nested', { [key]: 'v', inner: { [key]: 'v', keep: 'k' } });
  }
  for (const line of lines) {
    const inner = line.inner as Record<string, unknown> | undefined;
    const key = Object.keys(line).find((k) => !['level', 'time', 'pid', 'msg', 'keep', 'inner'].includes(k));
    assert.ok(key);
    assert.equal(line[key], '[redacted]', `${line.msg} ${key}`);
    if (inner) assert.deepEqual(inner, { [key]: '[redacted]', keep: 'k' }, key);
    else assert.equal(line.keep, 'k');
  }
  assert.equal(lines.length, SECRET_KEYS.length * 2);
});

test('a field named code stays: log lines use it for error codes', () => {
  const { logger, lines } = capture('info');
  logger.warn('mail not sent', { code: 'ECONNREFUSED', error: { code: 'EAUTH' } });
  assert.equal(lines[0]?.code, 'ECONNREFUSED');
  assert.deepEqual(lines[0]?.error, { code: 'EAUTH' });
});

test('the fields object is not changed, and a value with an Error stays an Error for the caller', () => {
  const { logger } = capture('info');
  const error = new Error('x');
  const fields = { error, password: 'p', nested: { token: 't' } };
  logger.error('failed', fields);
  assert.equal(fields.error, error);
  assert.equal(fields.password, 'p');
  assert.deepEqual(fields.nested, { token: 't' });
});

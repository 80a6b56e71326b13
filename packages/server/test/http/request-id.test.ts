import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../src/log.js';
import { type RunningServer, startServer } from '../../src/serve.js';
import { createBackend, type TestBackend } from '../support/backends.js';
import { createTenant, spyOnDb } from '../runtime/helpers.js';
import { basicAuth, postForm } from '../support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('X-Request-Id', () => {
  let backend: TestBackend;
  let server: RunningServer;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    backend = await createBackend('sqlite');
    server = await startServer(backend.config(), {
      logger: createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    });
  });
  after(async () => {
    await server.close();
    await backend.cleanup();
  });

  const send = (path: string, init: RequestInit = {}) => fetch(server.url + path, init);

  test('every kind of answer carries a generated id when the caller sent none', async () => {
    const answers = {
      token: await send('/oauth2/token', { method: 'POST' }),
      metadata: await send('/.well-known/oauth-authorization-server'),
      admin: await send('/api/v1/teams'),
      portal: await send('/'),
      unknownOAuth: await send('/oauth2/nothing'),
      healthz: await send('/healthz'),
      head: await send('/healthz', { method: 'HEAD' }),
    };
    const seen = new Set<string>();
    for (const [what, answer] of Object.entries(answers)) {
      const id = answer.headers.get('x-request-id') ?? '';
      assert.match(id, UUID, what);
      seen.add(id);
    }
    assert.equal(seen.size, Object.keys(answers).length, 'each request gets its own id');
  });

  test('a sane id from the caller is kept; anything else is replaced by one of ours', async () => {
    const sane = ['abc', 'req-1.2:3_x', 'A'.repeat(128), '0c6f5d2e-7a9b-4c1d-8e2f-3a4b5c6d7e8f'];
    for (const given of sane) {
      const answer = await send('/healthz', { headers: { 'x-request-id': given } });
      assert.equal(answer.headers.get('x-request-id'), given);
    }
    const insane = ['', 'A'.repeat(129), 'a b', 'a"b', 'id;drop', 'a/b', '{"level":"error"}'];
    for (const given of insane) {
      const answer = await send('/healthz', { headers: { 'x-request-id': given } });
      assert.match(answer.headers.get('x-request-id') ?? '', UUID, JSON.stringify(given));
    }
  });

  test('the Cognito wire answers with the same id as x-amzn-requestid', async () => {
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp',
    };
    const generated = await send('/', { method: 'POST', headers, body: '{"ClientId":' });
    assert.equal(generated.status, 400);
    assert.match(generated.headers.get('x-request-id') ?? '', UUID);
    assert.equal(generated.headers.get('x-amzn-requestid'), generated.headers.get('x-request-id'));
    const given = await send('/', {
      method: 'POST',
      headers: { ...headers, 'x-request-id': 'trace-42' },
      body: '{"ClientId":',
    });
    assert.equal(given.headers.get('x-request-id'), 'trace-42');
    assert.equal(given.headers.get('x-amzn-requestid'), 'trace-42');
  });

  test('a request that fails is logged with its id', async () => {
    const tenant = await createTenant(server.gatehouse);
    await server.runtime.poll();
    const spy = spyOnDb(server.gatehouse.db);
    spy.around = () => Promise.reject(new Error('connection lost'));
    try {
      // A client not yet cached must be read from the store, which is gone.
      const refused = await postForm(
        `${server.url}/oauth2/token`,
        { grant_type: 'client_credentials', resource: tenant.identifier },
        { ...basicAuth(tenant.clientId, tenant.secret), 'x-request-id': 'trace-fail-1' },
      );
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.headers.get('x-request-id'), 'trace-fail-1');
    } finally {
      spy.restore();
    }
    const failed = lines.find((line) => line.requestId === 'trace-fail-1');
    assert.ok(failed, JSON.stringify(lines));
    assert.equal(failed.msg, 'request failed: store unreachable');
    assert.equal(failed.level, 'warn');
    assert.equal(failed.path, '/oauth2/token');
    assert.ok(!JSON.stringify(failed).includes(tenant.secret), 'the secret stays out of the log');
  });
});

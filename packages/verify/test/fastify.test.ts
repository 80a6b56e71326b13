import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { createVerifier } from '../src/index.js';
import { gatehouseAuth, requireToken } from '../src/fastify.js';
import { middlewareSuite } from './support/middleware-suite.js';

middlewareSuite('Fastify', async (verifier, broken) => {
  const app = Fastify();
  app.get(
    '/orders',
    { preHandler: requireToken(verifier, { scopes: ['list-orders'], realm: 'orders' }) },
    async (request) => ({
      client_id: request.auth?.client_id,
      scopes: request.auth?.scopes,
    }),
  );
  // The plugin protects every route of its scope.
  await app.register(async (scope) => {
    await scope.register(gatehouseAuth, { verifier });
    scope.get('/whoami', async (request) => ({ client_id: request.auth?.client_id }));
  });
  app.get('/broken', { preHandler: requireToken(broken) }, async () => ({ reached: true }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
});

test('Fastify: the plugin leaves routes outside its scope alone', async () => {
  const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'a', revocation: false });
  const app = Fastify();
  await app.register(async (scope) => {
    await scope.register(gatehouseAuth, { verifier });
    scope.get('/private', async () => 'secret');
  });
  app.get('/public', async () => 'hello');
  await app.ready();
  assert.equal((await app.inject('/public')).statusCode, 200);
  const denied = await app.inject('/private');
  assert.equal(denied.statusCode, 401);
  assert.equal(denied.headers['www-authenticate'], 'Bearer');
  await app.close();
});

test("Fastify: refusal lines go through the app's own pino logger (logger: app.log)", async () => {
  const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'a', revocation: false });
  const written: string[] = [];
  const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => written.push(line) } } });
  app.get('/private', { preHandler: requireToken(verifier, { logger: app.log }) }, async () => 'secret');
  await app.ready();
  const token = 'eyJhbGciOiJFUzI1NiJ9.not-a-payload.c2lnbmF0dXJlLXBhcnQ';
  const denied = await app.inject({ url: '/private?q=1', headers: { authorization: `Bearer ${token}` } });
  assert.equal(denied.statusCode, 401);
  await app.close();
  assert.equal(written.length, 1);
  const line = JSON.parse(written[0] ?? '') as Record<string, unknown>;
  assert.equal(line.level, 40); // pino's warn
  assert.equal(line.msg, 'token refused');
  assert.equal(line.code, 'ERR_TOKEN_MALFORMED');
  assert.equal(line.path, '/private');
  assert.ok(!written[0]?.includes('c2lnbmF0dXJlLXBhcnQ') && !written[0]?.includes(token));
});

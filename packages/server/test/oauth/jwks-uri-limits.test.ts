import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { JwksHost, type KeyPair, keyPair, signAssertion, stream, tokenWithAssertion } from './assertions.js';
import { assertOAuthError, basic, describeEachBackend, type Gate, postForm } from './harness.js';
import { within } from '../support/within.js';

const RESOURCE = 'ledger';
const GIB = 1024 ** 3;
/** Far below what the old full read took in (gigabytes), far above what loopback socket buffers hold. */
const BOUNDED = 32 * 1024 * 1024;

const fetchFailures = (gate: Gate, uri: string) =>
  gate.logs.filter((e) => e.msg === 'client jwks_uri could not be fetched' && e.jwks_uri === uri);

describeEachBackend(
  'jwks_uri fetch limits',
  (gate) => {
    const host = new JwksHost();
    let key: KeyPair;
    let secretClient: { clientId: string; secret: string };

    before(async () => {
      await host.start();
      key = await keyPair('ES256', 'k1');
      await gate.resourceServer({ identifier: RESOURCE, name: 'Ledger', scopes: [{ name: 'read' }] });
      secretClient = await gate.client({ scopes: [`${RESOURCE}/read`] });
    });
    after(() => host.stop());

    const keyedClient = async (jwksUri: string) =>
      (await gate.client({ authMethod: 'private_key_jwt', scopes: [`${RESOURCE}/read`], jwksUri })).clientId;
    const attempt = async (clientId: string, signer = key, kid?: string | null) =>
      tokenWithAssertion(gate, await signAssertion(gate, clientId, signer, { kid }), RESOURCE);
    const stillServing = async () => {
      const answer = await postForm(
        gate.tokenEndpoint,
        { grant_type: 'client_credentials', resource: RESOURCE },
        basic(secretClient.clientId, secretClient.secret),
      );
      assert.equal(answer.status, 200, answer.text);
    };

    test('a body announced as 1 GiB is refused at the headers and the connection closed', async () => {
      const uri = host.route('/declared', (_req, res, stats) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(GIB) });
        stream(res, stats, GIB);
      });
      const heap = process.memoryUsage().arrayBuffers;
      assertOAuthError(await attempt(await keyedClient(uri)), 401, 'invalid_client');
      await within(
        'the host sees the connection closed',
        async () => host.of('/declared').closedEarly === 1,
        5000,
      );
      assert.ok(
        host.of('/declared').bytesWritten < BOUNDED,
        `${host.of('/declared').bytesWritten} bytes went out`,
      );
      assert.ok(process.memoryUsage().arrayBuffers - heap < BOUNDED);
      assert.match(
        String(fetchFailures(gate, uri)[0]?.reason),
        /^announced 1073741824 bytes, more than the 65536 allowed$/,
      );
      await stillServing();
    });

    test('an endless body is cut off just past 64 KiB, without memory growth', async () => {
      const uri = host.route('/endless', (_req, res, stats) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys":[');
        stream(res, stats, GIB);
      });
      const heap = process.memoryUsage().arrayBuffers;
      assertOAuthError(await attempt(await keyedClient(uri)), 401, 'invalid_client');
      await within(
        'the host sees the connection closed',
        async () => host.of('/endless').closedEarly === 1,
        5000,
      );
      assert.ok(
        host.of('/endless').bytesWritten < BOUNDED,
        `${host.of('/endless').bytesWritten} bytes went out`,
      );
      assert.ok(process.memoryUsage().arrayBuffers - heap < BOUNDED);
      assert.match(String(fetchFailures(gate, uri)[0]?.reason), /^sent more than the 65536 bytes allowed$/);
      await stillServing();
    });

    test('answers that never finish are given up after 5 s; meanwhile a third fetch is refused with 429', async () => {
      const hang = (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys":[');
      };
      const uris = [host.route('/hang-1', hang), host.route('/hang-2', hang)];
      const clients = await Promise.all(uris.map(keyedClient));
      const third = await keyedClient(host.json('/third', () => ({ keys: [key.jwk] })));
      const started = performance.now();
      const hanging = clients.map((clientId) => attempt(clientId));
      await within('both fetches are in flight', async () =>
        uris.every((_, i) => host.of(`/hang-${i + 1}`).fetches === 1),
      );
      const refused = await attempt(third);
      assertOAuthError(refused, 429, 'temporarily_unavailable');
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.equal(host.of('/third').fetches, 0);
      for (const answer of await Promise.all(hanging)) assertOAuthError(answer, 401, 'invalid_client');
      const waited = performance.now() - started;
      assert.ok(waited >= 4500 && waited < 15_000, `waited ${waited} ms`);
      await within('the host sees the connections closed', async () =>
        uris.every((_, i) => host.of(`/hang-${i + 1}`).closedEarly === 1),
      );
      for (const uri of uris)
        assert.equal(fetchFailures(gate, uri)[0]?.reason, 'no complete answer within 5000 ms');
      // A refusal for lack of a slot is not a failure of that URI: it is fetched at the next assertion.
      assert.equal((await attempt(third)).status, 200);
      assert.equal(host.of('/third').fetches, 1);
    });

    test('a failing jwks_uri is fetched once per cool-down, doubling, and logged once per fetch', async () => {
      let status = 500;
      const uri = host.route('/failing', (_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [key.jwk] }));
      });
      const clientId = await keyedClient(uri);
      for (let batch = 0; batch < 5; batch++) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => attempt(clientId)));
        for (const answer of answers) assertOAuthError(answer, 401, 'invalid_client');
      }
      assert.equal(host.of('/failing').fetches, 1);
      const logged = fetchFailures(gate, uri);
      assert.equal(logged.length, 1);
      assert.deepEqual(
        { level: logged[0]?.level, reason: logged[0]?.reason, retry: logged[0]?.retry_in_s },
        { level: 'warn', reason: 'answered 500', retry: 30 },
      );
      assert.ok(!('stack' in (logged[0] ?? {})) && !('error' in (logged[0] ?? {})));
      assert.ok(gate.logs.every((e) => !('stack' in e) && !JSON.stringify(e).includes('"stack"')));

      gate.clock.advance(31_000);
      assertOAuthError(await attempt(clientId), 401, 'invalid_client');
      assertOAuthError(await attempt(clientId), 401, 'invalid_client');
      assert.equal(host.of('/failing').fetches, 2);
      assert.equal(fetchFailures(gate, uri).at(-1)?.retry_in_s, 60);

      gate.clock.advance(31_000);
      assertOAuthError(await attempt(clientId), 401, 'invalid_client');
      assert.equal(host.of('/failing').fetches, 2, 'the second cool-down is 60 s');

      status = 200;
      gate.clock.advance(30_000);
      assert.equal((await attempt(clientId)).status, 200);
      assert.equal(host.of('/failing').fetches, 3);
      assert.equal(fetchFailures(gate, uri).length, 2);
    });

    test('an unreachable jwks_uri is remembered too', async () => {
      const uri = 'http://127.0.0.1:1/jwks.json';
      const clientId = await keyedClient(uri);
      for (let i = 0; i < 5; i++) assertOAuthError(await attempt(clientId), 401, 'invalid_client');
      const logged = fetchFailures(gate, uri);
      assert.equal(logged.length, 1);
      assert.equal(logged[0]?.reason, 'unreachable (ECONNREFUSED)');
    });

    test('concurrent assertions for one jwks_uri share one fetch', async () => {
      const uri = host.route('/slow', (_req, res) => {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ keys: [key.jwk] }));
        }, 300);
      });
      const clientId = await keyedClient(uri);
      const answers = await Promise.all(Array.from({ length: 20 }, () => attempt(clientId)));
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(20).fill(200),
      );
      assert.equal(host.of('/slow').fetches, 1);
    });

    test('fetched keys that break the rules, or come after the tenth, are skipped and logged once', async () => {
      const three = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
      const fillers = await Promise.all(Array.from({ length: 9 }, (_, i) => keyPair('ES256', `filler-${i}`)));
      const late = await keyPair('ES256', 'late');
      const good = await keyPair('ES256', 'good');
      const uri = host.json('/mixed', () => ({
        keys: [
          { ...three.publicKey.export({ format: 'jwk' }), kid: 'small-e' },
          good.jwk,
          ...fillers.slice(0, 8).map((f) => f.jwk),
          late.jwk,
        ],
      }));
      const clientId = await keyedClient(uri);
      assert.equal((await attempt(clientId, good)).status, 200);
      assert.equal((await attempt(clientId, good, null)).status, 200);
      assertOAuthError(await attempt(clientId, late), 401, 'invalid_client');
      const skipped = gate.logs.filter((e) => e.msg === 'client jwks_uri keys skipped' && e.jwks_uri === uri);
      assert.equal(skipped.length, 1);
      assert.deepEqual(
        (skipped[0]?.skipped as string[]).map((line) => line.replace(/:.*/, '')),
        ['keys[0] (kid "small-e")', 'keys[10] and later'],
      );
      assert.equal(host.of('/mixed').fetches, 1);
    });
  },
  { env: { GATEHOUSE_ALLOW_HTTP_JWKS_URI: 'true' } },
);

import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { ClientEntry } from '../../src/services/cache-entries.js';
import { ClientCache } from '../../src/services/client-cache.js';
import type { RunningServer } from '../../src/serve.js';
import { backendNames, createBackend, type TestBackend } from '../support/backends.js';
import { startTestServer } from '../support/server.js';
import { type Credentials, createTenant, type DbSpy, requestToken, spyOnDb, type Tenant } from './helpers.js';

const CLIENT_LOOKUP = /SELECT \* FROM clients WHERE client_id = \?/;

/** Only identity matters to the cache; the fields are never read. */
const entry = (clientId: string) => ({ clientId }) as unknown as ClientEntry;

describe('client cache eviction (CLOCK)', () => {
  test('never holds more than its capacity', () => {
    const cache = new ClientCache(3);
    for (let i = 0; i < 10; i++) cache.set(`c${i}`, entry(`c${i}`));
    assert.equal(cache.size, 3);
    assert.deepEqual(
      ['c7', 'c8', 'c9'].map((id) => cache.get(id)?.clientId),
      ['c7', 'c8', 'c9'],
    );
  });

  test('a client used since it was cached is spared; the oldest unused one goes', () => {
    const cache = new ClientCache(3);
    for (const id of ['a', 'b', 'c']) cache.set(id, entry(id));
    cache.get('a');
    cache.set('d', entry('d'));
    assert.equal(cache.get('b'), undefined, 'b was the oldest not used');
    for (const id of ['a', 'c', 'd']) assert.equal(cache.get(id)?.clientId, id);
  });

  test('when every client was used, each is spared once and the oldest then goes', () => {
    const cache = new ClientCache(2);
    cache.set('a', entry('a'));
    cache.set('b', entry('b'));
    cache.get('a');
    cache.get('b');
    cache.set('c', entry('c'));
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b')?.clientId, 'b');
    assert.equal(cache.get('c')?.clientId, 'c');
  });

  test('replacing a cached client evicts nobody', () => {
    const cache = new ClientCache(2);
    cache.set('a', entry('a'));
    cache.set('b', entry('b'));
    const fresh = entry('a');
    cache.set('a', fresh);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a'), fresh);
    assert.equal(cache.get('b')?.clientId, 'b');
  });

  test('a capacity below one is refused', () => {
    assert.throws(() => new ClientCache(0), RangeError);
    assert.throws(() => new ClientCache(1.5), RangeError);
  });
});

describe('GATEHOUSE_CLIENT_CACHE_SIZE', () => {
  test('defaults to 50,000 and takes whole numbers from 1', () => {
    assert.equal(loadConfig({}, {}).clientCacheSize, 50_000);
    assert.equal(loadConfig({}, { GATEHOUSE_CLIENT_CACHE_SIZE: '10' }).clientCacheSize, 10);
    for (const bad of ['0', '-1', '2.5', 'many', '10000001']) {
      assert.throws(
        () => loadConfig({}, { GATEHOUSE_CLIENT_CACHE_SIZE: bad }),
        /GATEHOUSE_CLIENT_CACHE_SIZE must be a whole number from 1 to 10000000/,
      );
    }
  });
});

for (const name of backendNames()) {
  describe(`a bounded client cache on the token path (${name})`, () => {
    let backend: TestBackend;
    let server: RunningServer;
    let tenant: Tenant;
    let spy: DbSpy;
    const others: Credentials[] = [];

    before(async () => {
      backend = await createBackend(name);
      server = await startTestServer(backend, { env: { GATEHOUSE_CLIENT_CACHE_SIZE: '2' } });
      tenant = await createTenant(server.gatehouse);
      for (const label of ['billing', 'shipping']) {
        const created = await server.gatehouse.clients.create(
          {
            name: label,
            scopes: [`${tenant.identifier}/read`],
          },
          CLI_ACTOR,
        );
        others.push({ clientId: created.client.clientId, secret: created.secret?.value ?? '' });
      }
      await server.runtime.poll();
      await server.runtime.poll();
      spy = spyOnDb(server.gatehouse.db);
    });
    after(async () => {
      spy?.restore();
      await server?.close();
      await backend?.cleanup();
    });

    test('past its size the least recently used client is read again, and every token is still issued', async () => {
      const [billing, shipping] = others as [Credentials, Credentials];
      const lookups = () => spy.calls.filter((c) => CLIENT_LOOKUP.test(c.sql)).length;
      const token = async (who: Credentials) => {
        const res = await requestToken(server.url, who, { scope: `${tenant.identifier}/read` });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      };

      await token(tenant);
      await token(billing);
      assert.equal(lookups(), 2, 'each client read once');
      await token(tenant);
      await token(billing);
      assert.equal(lookups(), 2, 'both fit: served from memory');

      // A third client: the cache holds two, so one of the first two must go.
      await token(shipping);
      assert.equal(lookups(), 3);
      await token(tenant);
      await token(shipping);
      assert.equal(lookups(), 4, 'exactly one of the three was read again');

      for (let i = 0; i < 3; i++) await token(shipping);
      assert.equal(lookups(), 4, 'a client in use stays cached');
    });
  });
}

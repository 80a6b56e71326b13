import { CLI_ACTOR } from '@gatehouse/server';
import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createTokenClient, type TokenClientOptions, TokenError } from '../src/index.js';
import { type RegisteredClient, recordingFetch, useGatehouse } from './support/gatehouse.js';

const SCOPES = ['lj-health-food/place-order'];

describe('token cache and refresh', () => {
  const gate = useGatehouse();
  let registered: RegisteredClient;
  before(async () => {
    registered = await gate.client({ scopes: SCOPES });
  });

  function make(extra: Partial<TokenClientOptions> = {}, who: RegisteredClient = registered) {
    const recorder = recordingFetch(extra.fetch);
    const client = createTokenClient({
      tokenEndpoint: gate.tokenEndpoint,
      clientId: who.clientId,
      clientSecret: who.secret,
      scopes: SCOPES,
      now: gate.clock.now,
      ...extra,
      fetch: recorder.fetch,
    } as TokenClientOptions);
    return { client, calls: recorder.calls };
  }

  test('a second getToken is served from the cache, with no request', async () => {
    const { client, calls } = make();
    const first = await client.getToken();
    assert.equal(await client.getToken(), first);
    assert.equal((await client.getTokenResponse()).accessToken, first);
    assert.deepEqual(calls, ['POST /oauth2/token']);
  });

  test('concurrent getToken calls share one request', async () => {
    const { client, calls } = make();
    const tokens = await Promise.all(Array.from({ length: 25 }, () => client.getToken()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(calls.length, 1);
  });

  test('refreshes refreshSkewSeconds before expiry, and not earlier', async () => {
    const { client, calls } = make({ refreshSkewSeconds: 120 });
    const first = await client.getToken();
    gate.clock.advance((3600 - 121) * 1000);
    assert.equal(await client.getToken(), first);
    assert.equal(calls.length, 1);
    gate.clock.advance(2000);
    const second = await client.getToken();
    assert.notEqual(second, first);
    assert.equal(calls.length, 2);
    assert.equal(await client.getToken(), second);
    assert.equal(calls.length, 2);
  });

  test('the skew is capped at half the token lifetime', async () => {
    const shortLived = await gate.client({ scopes: SCOPES, tokenTtl: 60 });
    const { client, calls } = make({ refreshSkewSeconds: 600 }, shortLived);
    const first = await client.getTokenResponse();
    assert.equal(first.expiresIn, 60);
    gate.clock.advance(29_000);
    assert.equal(await client.getToken(), first.accessToken, 'still in the first half of its life');
    gate.clock.advance(2000);
    assert.notEqual(await client.getToken(), first.accessToken);
    assert.equal(calls.length, 2);
  });

  test('forceRefresh gets a new token, and invalidate() makes the next call get one', async () => {
    const { client, calls } = make();
    const first = await client.getToken();
    const forced = await client.getToken({ forceRefresh: true });
    assert.notEqual(forced, first);
    assert.equal(await client.getToken(), forced);
    client.invalidate();
    const after = await client.getToken();
    assert.notEqual(after, forced);
    assert.equal(calls.length, 3);
  });

  test('invalidate() during a request: its answer still reaches its callers, but is not cached', async () => {
    const { client, calls } = make();
    const inFlight = client.getToken();
    client.invalidate();
    const token = await inFlight;
    assert.notEqual(await client.getToken(), token);
    assert.equal(calls.length, 2);
  });

  test('an outage while refreshing early falls back on the unexpired token', async () => {
    let down = false;
    const { client, calls } = make({
      retry: { attempts: 2, baseDelayMs: 1 },
      fetch: (input, init) => (down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
    });
    const first = await client.getToken();
    down = true;
    gate.clock.advance((3600 - 30) * 1000);
    assert.equal(await client.getToken(), first, 'within the skew window, the old token still serves');
    assert.equal(calls.length, 3, 'one request, then a refresh of two tries');
    gate.clock.advance(31_000);
    await assert.rejects(client.getToken(), { name: 'TokenError', code: 'ERR_NETWORK' });
    down = false;
    assert.notEqual(await client.getToken(), first);
  });

  test('an OAuth error while refreshing early is not hidden by the cached token', async () => {
    const doomed = await gate.client({ scopes: SCOPES });
    const { client } = make({}, doomed);
    await client.getToken();
    await gate.server.gatehouse.clients.setEnabled(doomed.clientId, false, CLI_ACTOR);
    await gate.server.runtime.poll();
    gate.clock.advance((3600 - 30) * 1000);
    await assert.rejects(client.getToken(), (error: unknown) => {
      assert.ok(error instanceof TokenError);
      assert.equal(error.code, 'ERR_OAUTH');
      assert.equal(error.oauthError, 'invalid_client');
      return true;
    });
  });

  test('concurrent callers share a failure, and the next call tries again', async () => {
    let fail = true;
    const { client, calls } = make({
      retry: { attempts: 1 },
      fetch: (input, init) => (fail ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
    });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.getToken()));
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.equal(calls.length, 1);
    fail = false;
    assert.equal(typeof (await client.getToken()), 'string');
    assert.equal(calls.length, 2);
  });

  test('getTokenResponse hands out copies: changing one does not change the cache', async () => {
    const { client } = make();
    const response = await client.getTokenResponse();
    response.scope.push('list-orders');
    response.accessToken = 'tampered';
    const again = await client.getTokenResponse();
    assert.deepEqual(again.scope, ['place-order']);
    assert.notEqual(again.accessToken, 'tampered');
  });
});

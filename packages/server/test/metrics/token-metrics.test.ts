import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { MeteredDb } from '../../src/metrics/metered-db.js';
import { StoreUnreachable } from '../../src/store/db.js';
import { spyOnDb } from '../runtime/helpers.js';
import { metric, parseSamples, scrape, valueOf } from '../support/metrics.js';
import { basic, describeEachBackend, postForm, type RegisteredClient } from '../oauth/harness.js';

const GRANT = { grant_type: 'client_credentials', scope: 'orders/read' };
const REQUESTS = 'gatehouse_token_requests_total';

/** Every metric the issue asks for, by the name an operator's alerts use. */
const EXPECTED = [
  'gatehouse_token_requests_total',
  'gatehouse_token_request_duration_seconds_bucket',
  'gatehouse_client_auth_failures_total',
  'gatehouse_client_auth_throttled_total',
  'gatehouse_cache_requests_total',
  'gatehouse_cache_entries',
  'gatehouse_store_query_duration_seconds_bucket',
  'gatehouse_store_errors_total',
  'gatehouse_change_poll_age_seconds',
  'gatehouse_revocation_list_entries',
  'gatehouse_signing_key_age_seconds',
  'gatehouse_portal_sessions_active',
  'gatehouse_rate_limit_decisions_total',
  'gatehouse_ready',
  'gatehouse_work_queued',
  'gatehouse_work_in_flight',
  'nodejs_eventloop_lag_p99_seconds',
  'process_cpu_seconds_total',
];

describeEachBackend('token, client and cache metrics', (gate) => {
  let client: RegisteredClient;
  const wrongSecret = `wrong-${'w'.repeat(40)}`;
  const token = (form: Record<string, string> = GRANT, secret = client.secret) =>
    postForm(gate.tokenEndpoint, form, basic(client.clientId, secret));
  const delta = async (name: string, labels: Record<string, string>, act: () => Promise<unknown>) => {
    const before = await metric(gate.server.url, name, labels);
    await act();
    return (await metric(gate.server.url, name, labels)) - before;
  };

  before(async () => {
    await gate.resourceServer({ identifier: 'orders', name: 'Orders', scopes: [{ name: 'read' }] });
    client = await gate.client({ scopes: ['orders/read'] });
  });

  test('/metrics answers the text format with every expected metric', async () => {
    const answer = await fetch(`${gate.server.url}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4; charset=utf-8$/);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const text = await answer.text();
    for (const name of EXPECTED) assert.match(text, new RegExp(`^${name}[{ ]`, 'm'), name);
    assert.match(text, /^# TYPE gatehouse_token_requests_total counter$/m);
    assert.match(text, /^# TYPE gatehouse_token_request_duration_seconds histogram$/m);
    assert.equal(valueOf(text, 'gatehouse_ready'), 1);
    assert.ok(valueOf(text, 'gatehouse_change_poll_age_seconds') < 30);
    assert.match(text, /^gatehouse_work_queued\{pool="token_signing"\} 0$/m);
  });

  test('a granted token counts as ok under its grant, and is timed', async () => {
    const labels = { grant: 'client_credentials', result: 'ok', error: 'none' };
    const count = 'gatehouse_token_request_duration_seconds_count';
    const before = await scrape(gate.server.url);
    assert.equal((await token()).status, 200);
    const after = await scrape(gate.server.url);
    assert.equal(valueOf(after, REQUESTS, labels) - valueOf(before, REQUESTS, labels), 1);
    assert.equal(
      valueOf(after, count, { grant: 'client_credentials' }) -
        valueOf(before, count, { grant: 'client_credentials' }),
      1,
    );
    assert.equal(
      valueOf(after, REQUESTS, { result: 'error' }) - valueOf(before, REQUESTS, { result: 'error' }),
      0,
    );
    // Buckets are cumulative: each at least the one below, +Inf equal to the count.
    const buckets = parseSamples(after).filter(
      (x) =>
        x.name === 'gatehouse_token_request_duration_seconds_bucket' &&
        x.labels.grant === 'client_credentials',
    );
    assert.equal(buckets.length, 15);
    for (let i = 1; i < buckets.length; i++) {
      assert.ok((buckets[i]?.value ?? 0) >= (buckets[i - 1]?.value ?? 0));
    }
    assert.equal(buckets.at(-1)?.labels.le, '+Inf');
    assert.equal(buckets.at(-1)?.value, valueOf(after, count, { grant: 'client_credentials' }));
  });

  test('refusals count as errors under their grant and OAuth error code', async () => {
    const cc = { grant: 'client_credentials', result: 'error' };
    assert.equal(
      await delta(REQUESTS, { ...cc, error: 'invalid_scope' }, async () => {
        assert.equal((await token({ ...GRANT, scope: 'orders/write' })).status, 400);
      }),
      1,
    );
    assert.equal(
      await delta(REQUESTS, { ...cc, error: 'invalid_client' }, async () => {
        assert.equal((await token(GRANT, wrongSecret)).status, 401);
      }),
      1,
    );
    // A grant type nobody registered is never a label value: it counts as `unknown`.
    assert.equal(
      await delta(
        REQUESTS,
        { grant: 'unknown', result: 'error', error: 'unsupported_grant_type' },
        async () => {
          assert.equal((await token({ grant_type: 'made-up-grant' })).status, 400);
        },
      ),
      1,
    );
    assert.equal(
      await delta(REQUESTS, { grant: 'unknown', result: 'error', error: 'invalid_request' }, async () => {
        assert.equal((await token({ scope: 'orders/read' })).status, 400);
      }),
      1,
    );
    const text = await scrape(gate.server.url);
    assert.ok(!text.includes('made-up-grant'));
  });

  test('failed client authentications count by method', async () => {
    const failures = 'gatehouse_client_auth_failures_total';
    assert.equal(
      await delta(failures, { method: 'client_secret_basic' }, () => token(GRANT, wrongSecret)),
      1,
    );
    assert.equal(
      await delta(failures, { method: 'client_secret_post' }, () =>
        postForm(gate.tokenEndpoint, { ...GRANT, client_id: client.clientId, client_secret: wrongSecret }),
      ),
      1,
    );
    assert.equal(await delta(failures, { method: 'none' }, () => postForm(gate.tokenEndpoint, GRANT)), 1);
  });

  test('the client cache counts hits and misses and reports its size', async () => {
    const other = await gate.client({ scopes: ['orders/read'] });
    const hits = { cache: 'client', result: 'hit' };
    const misses = { cache: 'client', result: 'miss' };
    const before = await scrape(gate.server.url);
    // First request of a client just registered: a miss (one store read), then hits.
    assert.equal(
      (await postForm(gate.tokenEndpoint, GRANT, basic(other.clientId, other.secret))).status,
      200,
    );
    assert.equal(
      (await postForm(gate.tokenEndpoint, GRANT, basic(other.clientId, other.secret))).status,
      200,
    );
    const after = await scrape(gate.server.url);
    assert.equal(
      valueOf(after, 'gatehouse_cache_requests_total', misses) -
        valueOf(before, 'gatehouse_cache_requests_total', misses),
      1,
    );
    assert.equal(
      valueOf(after, 'gatehouse_cache_requests_total', hits) -
        valueOf(before, 'gatehouse_cache_requests_total', hits),
      1,
    );
    assert.ok(valueOf(after, 'gatehouse_cache_entries', { cache: 'client' }) >= 2);
  });

  test('signing key age follows the server clock; revoked tokens show on the list size', async () => {
    const before = await scrape(gate.server.url);
    const age = valueOf(before, 'gatehouse_signing_key_age_seconds', { alg: 'ES256' });
    assert.ok(age >= 0 && Number.isFinite(age), String(age));
    const issued = (await token()).body as { access_token: string };
    const listed = valueOf(before, 'gatehouse_revocation_list_entries');
    const revoked = await postForm(
      gate.revocationEndpoint,
      { token: issued.access_token },
      basic(client.clientId, client.secret),
    );
    assert.equal(revoked.status, 200);
    gate.clock.advance(3_600_000);
    const after = await scrape(gate.server.url);
    assert.equal(valueOf(after, 'gatehouse_signing_key_age_seconds', { alg: 'ES256' }) - age, 3600);
    assert.equal(valueOf(after, 'gatehouse_revocation_list_entries') - listed, 1);
  });

  test('the text never holds a client id, a secret or anything a caller sent', async () => {
    const text = await scrape(gate.server.url);
    for (const value of [client.clientId, client.secret, wrongSecret, ...gate.secrets]) {
      assert.ok(!text.includes(value), 'a client id or secret reached /metrics');
    }
  });

  test('store failures count by kind of call; the scrape and cached clients go on', async () => {
    // Apply every change made above first: one arriving later would evict the warmed entry.
    await gate.server.runtime.poll();
    // Warm again: the clock moved past the cached entry's refresh time above.
    assert.equal((await token()).status, 200);
    const db = gate.server.gatehouse.db;
    assert.ok(db instanceof MeteredDb);
    const spy = spyOnDb(db.inner);
    spy.around = () => Promise.reject(new StoreUnreachable(new Error('connection refused')));
    try {
      const before = await metric(gate.server.url, 'gatehouse_store_errors_total', {
        op: 'read',
        kind: 'unreachable',
      });
      await gate.server.runtime.poll();
      // An uncached client needs the store: 503, counted as temporarily_unavailable.
      const unknown = await postForm(gate.tokenEndpoint, GRANT, basic('not-cached-client', wrongSecret));
      assert.equal(unknown.status, 503);
      assert.equal((await token()).status, 200);
      const text = await scrape(gate.server.url);
      assert.ok(
        valueOf(text, 'gatehouse_store_errors_total', { op: 'read', kind: 'unreachable' }) - before >= 2,
      );
      assert.ok(valueOf(text, REQUESTS, { result: 'error', error: 'temporarily_unavailable' }) >= 1);
    } finally {
      spy.restore();
    }
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { silentLogger } from '../../src/log.js';
import { ClientLimitExceeded } from '../../src/oauth/errors.js';
import {
  effectiveLimit,
  formatRate,
  parseRate,
  parseStoredLimit,
  storedLimit,
} from '../../src/services/rate-limits/limit-layers.js';
import { LocalLimits } from '../../src/services/rate-limits/local-limits.js';
import { RateLimiter } from '../../src/services/rate-limits/rate-limiter.js';
import { TokenBuckets } from '../../src/services/rate-limits/token-buckets.js';
import { TestClock } from '../support/clock.js';

describe('rate limit parts', () => {
  test('each part comes from the client, else the team, else the platform', () => {
    const effective = effectiveLimit({
      client: { daily: 10 },
      team: { rate: 5, observe: true },
      platform: { rate: 100, burst: 300, daily: 1000, observe: false },
    });
    assert.deepEqual(effective, {
      rate: 5,
      burst: 300,
      daily: 10,
      observe: true,
      sources: { rate: 'team', burst: 'platform', daily: 'client', observe: 'team' },
    });
    assert.deepEqual(effectiveLimit({ client: {}, team: null, platform: { rate: 2.5 } }).burst, 3);
    assert.deepEqual(effectiveLimit({ client: {}, team: null, platform: {} }).sources, {
      rate: null,
      burst: null,
      daily: null,
      observe: null,
    });
  });

  test('rates read and write as people write them', () => {
    assert.equal(parseRate('50/s'), 50);
    assert.equal(parseRate('600/m'), 10);
    assert.equal(parseRate('3600/h'), 1);
    assert.equal(parseRate('0.5'), 0.5);
    for (const bad of ['', '0/s', '-1/s', '5/d', '5 per s', '1e3'])
      assert.equal(parseRate(bad), undefined, bad);
    assert.equal(formatRate(50), '50/s');
    assert.equal(formatRate(0.5), '30/m');
    assert.equal(formatRate(1 / 3600), '1/h');
  });

  test('stored limits: empty is null, and what no longer parses counts as unset', () => {
    assert.equal(storedLimit({}), null);
    assert.equal(storedLimit({ rate: 2 }), '{"rate":2}');
    assert.deepEqual(parseStoredLimit('{"rate":2}'), { rate: 2 });
    assert.deepEqual(parseStoredLimit('{"rate":-2}'), {});
    assert.deepEqual(parseStoredLimit('not json'), {});
  });
});

describe('local limits', () => {
  const limit = { rate: 10, burst: 10, daily: null, observe: false };

  test('each instance enforces its share of the configured numbers', () => {
    const local = new LocalLimits(2);
    const overs = Array.from({ length: 6 }, () => local.decide('c', limit, 0).over);
    assert.deepEqual(overs, [null, null, null, null, null, 'rate']);
    const daily = { rate: null, burst: 1, daily: 10, observe: false };
    const counted = Array.from({ length: 6 }, () => local.decide('d', daily, 0).over);
    assert.deepEqual(counted, [null, null, null, null, null, 'daily']);
  });

  test('buckets are bounded: idle ones are forgotten first', () => {
    const buckets = new TokenBuckets(3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) buckets.take(key, 0, 1, 5);
    assert.ok(buckets.size <= 3);
  });
});

describe('the rate limiter and its observer', () => {
  test('reports each decision, the backend, and refuses with 429 slow_down', () => {
    const events: string[] = [];
    const clock = new TestClock();
    const limiter = new RateLimiter({
      clock,
      logger: silentLogger,
      localShare: 1,
      observer: {
        decision: (outcome, limit) => events.push(`${outcome}:${limit}`),
        backend: (mode) => events.push(`backend:${mode}`),
      },
    });
    const strict = { rate: 1, burst: 1, daily: null, observe: false };
    limiter.check('a', strict);
    assert.throws(
      () => limiter.check('a', strict),
      (error: unknown) =>
        error instanceof ClientLimitExceeded &&
        error.status === 429 &&
        error.error === 'slow_down' &&
        error.headers['retry-after'] === '1',
    );
    const observed = { rate: null, burst: 1, daily: 1, observe: true };
    limiter.check('b', observed);
    limiter.check('b', observed);
    assert.deepEqual(events, [
      'backend:local',
      'allowed:rate',
      'refused:rate',
      'allowed:daily',
      'observed:daily',
    ]);
  });
});

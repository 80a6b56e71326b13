import * as assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import DateHelperModule from 'amazon-cognito-identity-js/lib/DateHelper.js';
import { formatSrpTimestamp, parseSrpTimestamp } from '../../../src/services/pools/srp-timestamp.js';

const DateHelper = DateHelperModule.default;

test('timestamps are written as amazon-cognito-identity-js writes them', () => {
  for (const iso of ['2026-12-05T00:31:23Z', '2026-01-31T23:59:59Z', '2024-02-29T09:05:07Z']) {
    const ms = Date.parse(iso);
    mock.timers.enable({ apis: ['Date'], now: ms });
    try {
      const sdk = new DateHelper().getNowString();
      assert.equal(formatSrpTimestamp(ms), sdk);
      assert.equal(parseSrpTimestamp(sdk), ms);
    } finally {
      mock.timers.reset();
    }
  }
  assert.equal(formatSrpTimestamp(Date.parse('2026-12-05T00:31:23Z')), 'Sat Dec 5 00:31:23 UTC 2026');
});

test('anything else is refused, a zero-padded day too, as Cognito refuses it', () => {
  for (const bad of [
    'Sat Dec 05 00:31:23 UTC 2026',
    'Fri Dec 5 00:31:23 UTC 2026', // wrong weekday
    'Sat Dec 5 0:31:23 UTC 2026',
    'Sat Dec 5 24:00:00 UTC 2026',
    'Mon Feb 30 00:00:00 UTC 2026',
    'Sat Dec 5 00:31:23 GMT 2026',
    'Sat Dec  5 00:31:23 UTC 2026',
    '2026-12-05T00:31:23Z',
    '',
  ]) {
    assert.equal(parseSrpTimestamp(bad), undefined, bad);
  }
});

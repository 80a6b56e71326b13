import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OAuthError } from '../../src/oauth/errors.js';
import {
  decideRefresh,
  narrowScope,
  refreshRefusal,
  type RefreshRecord,
} from '../../src/pools/refresh-policy.js';
import { NOW } from './fixtures.js';

const DAY = 86_400_000;
const IDLE = 14 * 86_400;
const record: RefreshRecord = {
  family_id: 'fam-1',
  client_id: 'client-1',
  scope: 'openid email lj-health-food/list-orders',
  family_expires_at: NOW + 30 * DAY,
  idle_expires_at: NOW + 14 * DAY,
  used_at: null,
  revoked_at: null,
};
const decide = (r: Partial<RefreshRecord>, now = NOW, clientId = 'client-1') =>
  decideRefresh({ ...record, ...r }, { now, clientId, idleSeconds: IDLE });

describe('refresh policy', () => {
  test('a fresh token: ok, idle expiry moves forward', () => {
    assert.deepEqual(decide({}, NOW + DAY), {
      outcome: 'ok',
      idleExpiresAt: NOW + DAY + 14 * DAY,
      familyExpiresAt: NOW + 30 * DAY,
    });
  });

  test('idle expiry never outlives the family', () => {
    assert.deepEqual(decide({ idle_expires_at: NOW + 21 * DAY }, NOW + 20 * DAY), {
      outcome: 'ok',
      idleExpiresAt: NOW + 30 * DAY,
      familyExpiresAt: NOW + 30 * DAY,
    });
    const late = decide({ idle_expires_at: NOW + 29 * DAY }, NOW + 29 * DAY - 1);
    assert.deepEqual(late, { outcome: 'ok', idleExpiresAt: NOW + 30 * DAY, familyExpiresAt: NOW + 30 * DAY });
  });

  test('idle and absolute expiry, to the millisecond', () => {
    assert.equal(decide({}, NOW + 14 * DAY - 1).outcome, 'ok');
    assert.deepEqual(decide({}, NOW + 14 * DAY), { outcome: 'expired' });
    assert.deepEqual(decide({ idle_expires_at: NOW + 40 * DAY }, NOW + 30 * DAY), { outcome: 'expired' });
  });

  test('a used token is reuse, even past its own idle expiry: revoke the family', () => {
    assert.deepEqual(decide({ used_at: NOW - 1 }), { outcome: 'reused', familyId: 'fam-1' });
    assert.deepEqual(decide({ used_at: NOW - 1 }, NOW + 15 * DAY), { outcome: 'reused', familyId: 'fam-1' });
  });

  test('a family past its absolute expiry is expired, used or not', () => {
    assert.deepEqual(decide({ used_at: NOW }, NOW + 30 * DAY), { outcome: 'expired' });
  });

  test('revoked wins over everything; another client’s token is refused', () => {
    assert.deepEqual(decide({ revoked_at: NOW - 5, used_at: NOW - 9 }), { outcome: 'revoked' });
    assert.deepEqual(decide({}, NOW, 'client-2'), { outcome: 'wrong-client' });
  });

  test('every refusal is the same invalid_grant on the wire', () => {
    for (const outcome of ['reused', 'expired', 'revoked', 'wrong-client'] as const) {
      const err = refreshRefusal(outcome === 'reused' ? { outcome, familyId: 'f' } : { outcome });
      assert.ok(err instanceof OAuthError);
      assert.deepEqual(err.toJSON(), {
        error: 'invalid_grant',
        error_description: 'refresh token is invalid, expired or revoked',
      });
      assert.equal(err.status, 400);
      assert.deepEqual(err.detail, { outcome });
    }
  });
});

describe('refresh scope narrowing', () => {
  test('no scope: everything granted', () => {
    assert.deepEqual(narrowScope(record.scope, undefined), ['openid', 'email', 'lj-health-food/list-orders']);
  });

  test('a subset, in granted order, without repeats', () => {
    assert.deepEqual(narrowScope(record.scope, 'lj-health-food/list-orders openid  openid'), [
      'openid',
      'lj-health-food/list-orders',
    ]);
  });

  test('widening, malformed or empty is invalid_scope', () => {
    const refused = (requested: string, description: string) =>
      assert.throws(
        () => narrowScope(record.scope, requested),
        (err: unknown) => {
          assert.ok(err instanceof OAuthError);
          assert.deepEqual(err.toJSON(), { error: 'invalid_scope', error_description: description });
          return true;
        },
      );
    refused(
      'openid profile',
      'a requested scope was not granted to this refresh token; scope can only narrow',
    );
    refused(
      'lj-health-food/place-order',
      'a requested scope was not granted to this refresh token; scope can only narrow',
    );
    refused('openid\\', 'scope contains characters RFC 6749 does not allow');
    refused('   ', 'no scope was requested');
  });
});

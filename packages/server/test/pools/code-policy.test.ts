import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AuthCodeRecord,
  CODE_LIFETIME_MS,
  codeRefusal,
  decideCodeRedemption,
} from '../../src/pools/code-policy.js';
import { NOW } from './fixtures.js';

const record: AuthCodeRecord = {
  client_id: 'client-1',
  redirect_uri: 'https://app.example.com/cb',
  expires_at: NOW + CODE_LIFETIME_MS,
  used_at: null,
  family_id: null,
  access_jtis: null,
};
const input = { now: NOW, clientId: 'client-1', redirectUri: 'https://app.example.com/cb' };

describe('authorization code redemption', () => {
  test('codes live 60 seconds', () => {
    assert.equal(CODE_LIFETIME_MS, 60_000);
    assert.deepEqual(decideCodeRedemption(record, { ...input, now: NOW + 59_999 }), { outcome: 'ok' });
    assert.deepEqual(decideCodeRedemption(record, { ...input, now: NOW + 60_000 }), { outcome: 'expired' });
  });

  test('a second use is reuse, with what to revoke, whoever presents it', () => {
    const used = { ...record, used_at: NOW, family_id: 'fam-1', access_jtis: '["j1","j2"]' };
    const reused = { outcome: 'reused', familyId: 'fam-1', accessJtis: ['j1', 'j2'] };
    assert.deepEqual(decideCodeRedemption(used, input), reused);
    assert.deepEqual(decideCodeRedemption(used, { ...input, clientId: 'other' }), reused);
    assert.deepEqual(decideCodeRedemption(used, { ...input, now: NOW + 3_600_000 }), reused);
    assert.deepEqual(decideCodeRedemption({ ...used, access_jtis: 'not json' }, input), {
      ...reused,
      accessJtis: [],
    });
  });

  test('another client, or a redirect_uri that is not the same string', () => {
    assert.deepEqual(decideCodeRedemption(record, { ...input, clientId: 'client-2' }), {
      outcome: 'wrong-client',
    });
    for (const redirectUri of [undefined, 'https://app.example.com/cb/', 'https://APP.example.com/cb']) {
      assert.deepEqual(decideCodeRedemption(record, { ...input, redirectUri }), {
        outcome: 'redirect-mismatch',
      });
    }
  });

  test('one invalid_grant answer for every refusal', () => {
    const err = codeRefusal({ outcome: 'redirect-mismatch' });
    assert.equal(err.status, 400);
    assert.equal(err.error, 'invalid_grant');
    assert.deepEqual(err.detail, { outcome: 'redirect-mismatch' });
  });
});

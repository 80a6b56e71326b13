import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliOutputSchemas } from '../src/index.js';

const secret = {
  id: 'sec_1',
  hint: 'abcd',
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
};

describe('CLI output schemas', () => {
  it('are strict: an unknown key fails, as a missing one does', () => {
    const schema = cliOutputSchemas.secret;
    assert.ok(schema.safeParse(secret).success);
    assert.equal(schema.safeParse({ ...secret, revoked_at: null }).success, false);
    const { hint: _hint, ...withoutHint } = secret;
    assert.equal(schema.safeParse(withoutHint).success, false);
  });

  it('are strict inside lists and nested objects too', () => {
    assert.equal(cliOutputSchemas.secrets.safeParse([{ ...secret, extra: 1 }]).success, false);
  });

  it('keep the previous release’s snake_case names beside the camelCase ones', () => {
    assert.ok(cliOutputSchemas.masterKey.safeParse({ masterKey: 'k', master_key: 'k' }).success);
    assert.equal(cliOutputSchemas.masterKey.safeParse({ masterKey: 'k' }).success, false);
    const shape = cliOutputSchemas.secretAdded.shape;
    assert.deepEqual(Object.keys(shape).sort(), [
      'clientId',
      'clientSecret',
      'client_id',
      'client_secret',
      'expiresAt',
      'expires_at',
      'secretId',
      'secret_id',
    ]);
  });
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { onlyDeclared } from '../../src/oauth/form-request.js';
import { GRANTS } from '../../src/oauth/grants/index.js';

test('a grant sees only the parameters it declared, with every value kept', () => {
  const form = new Map<string, readonly string[]>([
    ['grant_type', ['client_credentials']],
    ['scope', ['orders/read']],
    ['resource', ['https://a.example', 'https://b.example']],
    ['code', ['stolen-code']],
    ['refresh_token', ['rt']],
  ]);
  const seen = onlyDeclared(form, new Set(['grant_type', 'scope', 'resource', 'missing']));
  assert.deepEqual([...seen.keys()], ['grant_type', 'scope', 'resource']);
  assert.deepEqual(seen.get('resource'), ['https://a.example', 'https://b.example']);
  assert.equal(seen.has('code'), false);
  assert.equal(seen.has('missing'), false);
});

test('client_credentials declares what it reads and nothing meant for other grants', () => {
  const grant = GRANTS.get('client_credentials');
  assert.ok(grant);
  for (const name of ['scope', 'resource']) assert.ok(grant.parameters.has(name), name);
  for (const name of ['code', 'refresh_token', 'redirect_uri', 'code_verifier', 'username', 'password']) {
    assert.equal(grant.parameters.has(name), false, name);
  }
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateClaims } from '../../src/services/claim-rules.js';

const paths = (claims: unknown) => validateClaims(claims, 'claims').map((i) => i.path);

test('strings, numbers, booleans, objects and arrays are claim values', () => {
  assert.deepEqual(
    validateClaims(
      { tenant: 'acme', tier: 3, beta: false, tags: ['a'], meta: { x: [1, { y: 2 }] } },
      'claims',
    ),
    [],
  );
  assert.deepEqual(validateClaims({ 'https://example.com/tier': 'gold', team_id: 'x' }, 'claims'), []);
});

test('every registered claim is refused, naming the key', () => {
  for (const key of [
    'iss',
    'sub',
    'aud',
    'exp',
    'iat',
    'nbf',
    'jti',
    'scope',
    'client_id',
    'cnf',
    'token_use',
  ]) {
    const issues = validateClaims({ [key]: 'x' }, 'claims');
    assert.equal(issues.length, 1, key);
    assert.equal(issues[0]?.path, `claims.${key}`);
    assert.match(issues[0]?.message ?? '', new RegExp(`"${key}" is a registered claim`));
  }
  assert.deepEqual(paths({ act: {}, may_act: {}, azp: 'x', auth_time: 1, 'cognito:groups': [] }), [
    'claims.act',
    'claims.may_act',
    'claims.azp',
    'claims.auth_time',
    'claims.cognito:groups',
  ]);
});

test('bad names, null values and sizes are refused', () => {
  assert.deepEqual(paths({ 'has space': 1, '9lives': 1, 'q"uote': 1, '': 1 }), [
    'claims.has space',
    'claims.9lives',
    'claims.q"uote',
    'claims.',
  ]);
  assert.deepEqual(paths({ gone: null }), ['claims.gone']);
  assert.deepEqual(paths({ ['k'.repeat(129)]: 1 }), [`claims.${'k'.repeat(129)}`]);
  assert.deepEqual(paths({ big: 'x'.repeat(2100) }), ['claims.big']);
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, i]));
  assert.deepEqual(paths(many), ['claims']);
  const bulky = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`c${i}`, 'x'.repeat(2000)]));
  assert.deepEqual(paths(bulky), ['claims']);
  let deep: unknown = 1;
  for (let i = 0; i < 10; i++) deep = [deep];
  assert.deepEqual(paths({ deep }), ['claims.deep']);
  assert.deepEqual(paths(['a']), ['claims']);
  assert.deepEqual(paths('x'), ['claims']);
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideSignIn } from '../../src/pools/sign-in-policy.js';
import { NOW } from './fixtures.js';

const session = { authTime: NOW - 600_000 };
const at = { now: NOW };

describe('sign-in decision (prompt, max_age)', () => {
  test('no session: sign in, or login_required with prompt=none', () => {
    assert.deepEqual(decideSignIn({ prompt: [] }, undefined, at), { action: 'sign-in' });
    assert.deepEqual(decideSignIn({ prompt: ['none'] }, undefined, at), {
      action: 'error',
      error: 'login_required',
      description: 'the person must sign in',
    });
  });

  test('a session: a code at once, unless prompt=login', () => {
    assert.deepEqual(decideSignIn({ prompt: [] }, session, at), { action: 'issue-code' });
    assert.deepEqual(decideSignIn({ prompt: ['none'] }, session, at), { action: 'issue-code' });
    assert.deepEqual(decideSignIn({ prompt: ['consent', 'select_account'] }, session, at), {
      action: 'issue-code',
    });
    assert.deepEqual(decideSignIn({ prompt: ['login'] }, session, at), { action: 'sign-in' });
  });

  test('max_age: a sign-in older than it needs a new one; 0 always does', () => {
    assert.deepEqual(decideSignIn({ prompt: [], maxAge: 601 }, session, at), { action: 'issue-code' });
    assert.deepEqual(decideSignIn({ prompt: [], maxAge: 600 }, session, at), { action: 'sign-in' });
    assert.deepEqual(decideSignIn({ prompt: [], maxAge: 0 }, { authTime: NOW }, at), { action: 'sign-in' });
    assert.equal(decideSignIn({ prompt: ['none'], maxAge: 60 }, session, at).action, 'error');
  });

  test('a sign-in since the request arrived satisfies prompt=login and max_age: no loop', () => {
    const fresh = { authTime: NOW - 1000 };
    const clock = { now: NOW, requestedAt: NOW - 5000 };
    assert.deepEqual(decideSignIn({ prompt: ['login'] }, fresh, clock), { action: 'issue-code' });
    assert.deepEqual(decideSignIn({ prompt: [], maxAge: 0 }, fresh, clock), { action: 'issue-code' });
    assert.deepEqual(decideSignIn({ prompt: ['login'] }, session, clock), { action: 'sign-in' });
  });
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityFrom } from '../../src/upstream-login/identity.js';
import { isAllowed } from '../../src/upstream-login/index.js';

const who = (groups: unknown, claim = 'groups') =>
  identityFrom({ sub: 's', iss: 'https://idp.example', [claim]: groups }, claim);

test('an empty allow-list admits everyone, as before', () => {
  assert.equal(isAllowed(who(undefined), { allowedGroups: [] }), true);
});

test('the groups claim may be a list or a single string, under the configured claim name', () => {
  const allowed = { allowedGroups: ['eng', 'sre'] };
  assert.equal(isAllowed(who(['ops', 'sre']), allowed), true);
  assert.equal(isAllowed(who('eng'), allowed), true);
  assert.equal(isAllowed(who('eng', 'https://example.com/roles'), allowed), true);
  assert.equal(isAllowed(who(['ops']), allowed), false);
  assert.equal(isAllowed(who(undefined), allowed), false);
  assert.equal(isAllowed(who(['ENG']), allowed), false, 'group names match exactly');
  assert.equal(isAllowed(who([{ name: 'eng' }, 7]), allowed), false, 'only strings count');
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseUserFilter, searchOf, UserFilterError } from '../../../src/cognito/admin/list-users-filter.js';

describe('ListUsers filter', () => {
  test('an empty or blank filter is no filter', () => {
    assert.equal(parseUserFilter(undefined), undefined);
    assert.equal(parseUserFilter(''), undefined);
    assert.equal(parseUserFilter('   '), undefined);
  });

  test('exact and prefix matches, with or without spaces around the operator', () => {
    assert.deepEqual(parseUserFilter('family_name = "Reddy"'), {
      attribute: 'family_name',
      match: 'exact',
      value: 'Reddy',
    });
    assert.deepEqual(parseUserFilter('email^="testuser"'), {
      attribute: 'email',
      match: 'prefix',
      value: 'testuser',
    });
    assert.deepEqual(parseUserFilter('  cognito:user_status =  "UNCONFIRMED"  '), {
      attribute: 'cognito:user_status',
      match: 'exact',
      value: 'UNCONFIRMED',
    });
    assert.deepEqual(parseUserFilter('name = ""'), { attribute: 'name', match: 'exact', value: '' });
  });

  test('a quote is escaped with a backslash, and so is a backslash; other backslashes stay', () => {
    assert.equal(parseUserFilter('name = "Dwayne \\"The Rock\\" J"')?.value, 'Dwayne "The Rock" J');
    assert.equal(parseUserFilter('name = "a\\\\b"')?.value, 'a\\b');
    assert.equal(parseUserFilter('name = "C:\\temp"')?.value, 'C:\\temp');
    assert.equal(parseUserFilter('name ^= "50%_off"')?.value, '50%_off');
  });

  test('every searchable attribute is accepted', () => {
    for (const name of [
      'username',
      'email',
      'phone_number',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'cognito:user_status',
      'status',
      'sub',
    ]) {
      assert.equal(parseUserFilter(`${name} = "x"`)?.attribute, name);
    }
  });

  test('anything else is refused with a reason', () => {
    const refused = [
      'username',
      'username = ',
      'username = kim',
      "username = 'kim'",
      'username == "kim"',
      'username != "kim"',
      'username = "kim" and email = "a"',
      'username = "kim"x',
      'username = "unterminated',
      'username = "a"b"',
      'username = "ends with backslash\\"',
      '= "kim"',
      'custom:tier = "gold"',
      'address = "x"',
      'Username = "kim"',
      'name = "line\nbreak"',
      'name = "nul\u0000"',
    ];
    for (const filter of refused) {
      assert.throws(() => parseUserFilter(filter), UserFilterError, filter);
    }
    assert.throws(() => parseUserFilter('custom:tier = "gold"'), /Invalid search attribute: custom:tier/);
  });

  test('searches: status matches Enabled or Disabled as written, the rest pass through', () => {
    assert.deepEqual(searchOf(parseUserFilter('status = "Enabled"')), { field: 'enabled', value: true });
    assert.deepEqual(searchOf(parseUserFilter('status = "Disabled"')), { field: 'enabled', value: false });
    assert.deepEqual(searchOf(parseUserFilter('status ^= "Dis"')), { field: 'enabled', value: false });
    assert.equal(searchOf(parseUserFilter('status = "enabled"')), 'none');
    assert.equal(searchOf(parseUserFilter('status ^= ""')), undefined);
    assert.deepEqual(searchOf(parseUserFilter('cognito:user_status = "confirmed"')), {
      field: 'status',
      match: 'exact',
      value: 'confirmed',
    });
    assert.deepEqual(searchOf(parseUserFilter('given_name ^= "Jo"')), {
      field: 'given_name',
      match: 'prefix',
      value: 'Jo',
    });
    assert.equal(searchOf(undefined), undefined);
  });
});

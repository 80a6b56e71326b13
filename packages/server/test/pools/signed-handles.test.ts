import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SignedHandles } from '../../src/services/pools/signed-handles.js';
import { TestClock } from '../support/clock.js';

test('a handle opens only unchanged, for its purpose, under its key, before it expires', () => {
  const clock = new TestClock();
  const key = randomBytes(32);
  const handles = new SignedHandles(key, clock);
  const sealed = handles.seal('pending', { redirectUri: 'https://app.example.com/cb' }, 60_000);
  assert.deepEqual(handles.open('pending', sealed), { redirectUri: 'https://app.example.com/cb' });
  assert.equal(handles.open('challenge', sealed), undefined, 'another purpose');
  assert.equal(new SignedHandles(randomBytes(32), clock).open('pending', sealed), undefined, 'another key');
  const [body = '', mac = ''] = sealed.split('.');
  const changed = Buffer.from(
    Buffer.from(body, 'base64url').toString().replace('app.example.com', 'evil.example.com'),
  ).toString('base64url');
  assert.equal(handles.open('pending', `${changed}.${mac}`), undefined, 'a changed body');
  for (const junk of [undefined, '', '.', 'abc', `${body}.`, `.${mac}`, 'x'.repeat(10_000)]) {
    assert.equal(handles.open('pending', junk), undefined, String(junk).slice(0, 20));
  }
  clock.advance(59_999);
  assert.ok(handles.open('pending', sealed));
  clock.advance(1);
  assert.equal(handles.open('pending', sealed), undefined, 'expired');
});

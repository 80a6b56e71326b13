import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderConfirm, RESEND } from '../../../src/pools/pages/confirm.js';
import { renderErrorPage } from '../../../src/pools/pages/error-page.js';
import { renderSignIn } from '../../../src/pools/pages/sign-in.js';
import { renderSignUp } from '../../../src/pools/pages/sign-up.js';
import { all, byId, byTag, controls, parseHtml, type El } from './dom.js';
import { FORM_PAGES, formModel, PAGES, pool } from './fixtures.js';

const attr = (el: El | undefined, name: string): string | undefined => el?.attrs.get(name);
const named = (doc: El, name: string): El | undefined => controls(doc).find((c) => attr(c, 'name') === name);

describe('hosted pages: labels, errors and autocomplete', () => {
  for (const name of FORM_PAGES) {
    const render = PAGES[name];
    assert.ok(render);

    test(`${name}: every input has one <label for>, and ids are unique`, () => {
      const doc = parseHtml(render(formModel()));
      const inputs = controls(doc);
      assert.ok(inputs.length > 0);
      const ids = all(doc, (el) => el.attrs.has('id')).map((el) => attr(el, 'id'));
      assert.equal(new Set(ids).size, ids.length, 'duplicate id');
      for (const input of inputs) {
        const id = attr(input, 'id');
        assert.ok(id, `${attr(input, 'name')} has an id`);
        const labels = byTag(doc, 'label').filter((l) => attr(l, 'for') === id);
        assert.equal(labels.length, 1, `one label for ${id}`);
        assert.notEqual(labels[0]?.text.trim(), '');
      }
      assert.equal(byTag(doc, 'form')[0]?.attrs.get('method'), 'post');
      assert.deepEqual(
        all(doc, (el) => el.attrs.get('role') === 'alert'),
        [],
        'no error summary without errors',
      );
      assert.deepEqual(
        all(doc, (el) => el.attrs.has('autofocus')),
        [],
        'nothing focused without errors',
      );
    });

    test(`${name}: each field error is tied to its input, the first one focused, all in a summary`, () => {
      const fields = controls(parseHtml(render(formModel()))).filter((c) => !c.attrs.has('readonly'));
      const errors = Object.fromEntries(
        fields.map((f) => [attr(f, 'name') ?? '', `Problem with ${attr(f, 'name')}`]),
      );
      const doc = parseHtml(render(formModel({ errors })));
      for (const field of fields) {
        const input = named(doc, attr(field, 'name') ?? '');
        assert.equal(attr(input, 'aria-invalid'), 'true');
        const described = (attr(input, 'aria-describedby') ?? '')
          .split(' ')
          .map((id) => byId(doc, id)?.text ?? '');
        assert.ok(
          described.some((t) => t.includes(`Problem with ${attr(field, 'name')}`)),
          'error read with the field',
        );
      }
      const focused = all(doc, (el) => el.attrs.has('autofocus'));
      assert.deepEqual(
        focused.map((f) => attr(f, 'name')),
        [attr(fields[0], 'name')],
      );
      const summary = all(doc, (el) => el.attrs.get('role') === 'alert');
      assert.equal(summary.length, 1);
      const targets = byTag(summary[0] as El, 'a').map((a) => attr(a, 'href'));
      assert.deepEqual(
        targets,
        fields.map((f) => `#${attr(f, 'id')}`),
      );
    });

    test(`${name}: the form posts the CSRF token and the pending request, to the pool's page`, () => {
      const doc = parseHtml(render(formModel({ basePath: '/auth/pools/local_AbC123xyz' })));
      const form = byTag(doc, 'form')[0];
      assert.match(attr(form, 'action') ?? '', /^\/auth\/pools\/local_AbC123xyz\/[a-z-]+$/);
      const hidden = byTag(form as El, 'input').filter((i) => attr(i, 'type') === 'hidden');
      assert.deepEqual(
        hidden
          .filter((h) => ['csrf', 'pending'].includes(attr(h, 'name') ?? ''))
          .map((h) => attr(h, 'value')),
        ['1700000000.token', 'pending-handle'],
      );
    });
  }

  test('sign-in: a form-level error focuses the password, refills the name, never the password', () => {
    const doc = parseHtml(
      renderSignIn(
        formModel({
          formError: 'Incorrect username or password.',
          values: { username: 'alice', password: 'hunter2hunter2' },
        }),
      ),
    );
    assert.equal(attr(named(doc, 'username'), 'value'), 'alice');
    assert.equal(attr(named(doc, 'password'), 'value'), undefined);
    assert.ok(!renderSignIn(formModel({ values: { password: 'hunter2hunter2' } })).includes('hunter2'));
    assert.deepEqual(
      all(doc, (el) => el.attrs.has('autofocus')).map((f) => attr(f, 'name')),
      ['password'],
    );
    assert.match(
      all(doc, (el) => attr(el, 'role') === 'alert')[0]?.text ?? '',
      /Incorrect username or password/,
    );
  });

  test('sign-in: autocomplete tokens, and the sign-up link only when self sign-up is on', () => {
    const doc = parseHtml(renderSignIn(formModel()));
    assert.equal(attr(named(doc, 'username'), 'autocomplete'), 'username');
    assert.equal(attr(named(doc, 'password'), 'autocomplete'), 'current-password');
    const links = byTag(doc, 'a').map((a) => attr(a, 'href'));
    assert.deepEqual(links, [
      '/pools/local_AbC123xyz/forgot-password?pending=pending-handle',
      '/pools/local_AbC123xyz/signup?pending=pending-handle',
    ]);
    const closed = parseHtml(renderSignIn(formModel({ pool: pool({ selfSignUp: false }) })));
    assert.ok(!byTag(closed, 'a').some((a) => (attr(a, 'href') ?? '').includes('/signup')));
  });

  test('sign-in with email: an email input, still posted as username', () => {
    const doc = parseHtml(renderSignIn(formModel({ pool: pool({ signInWith: 'email' }) })));
    const input = named(doc, 'username');
    assert.equal(attr(input, 'type'), 'email');
    assert.equal(attr(input, 'autocomplete'), 'username');
    assert.equal(byTag(doc, 'label')[0]?.text, 'Email address');
  });

  test('sign-up: username, email, required attributes, and the password rules before typing', () => {
    const doc = parseHtml(renderSignUp(formModel()));
    assert.deepEqual(
      controls(doc).map((c) => [attr(c, 'name'), attr(c, 'autocomplete')]),
      [
        ['username', 'username'],
        ['email', 'email'],
        ['name', 'name'],
        ['custom:team', undefined],
        ['password', 'new-password'],
      ],
    );
    const password = named(doc, 'password');
    assert.equal(attr(password, 'minlength'), '12');
    const hint = byId(doc, (attr(password, 'aria-describedby') ?? '').split(' ')[0] ?? '');
    assert.match(hint?.text ?? '', /at least 12 characters/);
    const byEmail = parseHtml(
      renderSignUp(formModel({ pool: pool({ signInWith: 'email', requiredAttributes: [] }) })),
    );
    assert.deepEqual(
      controls(byEmail).map((c) => attr(c, 'name')),
      ['email', 'password'],
    );
    assert.equal(attr(named(byEmail, 'email'), 'autocomplete'), 'username');
    const optional = parseHtml(renderSignUp(formModel({ pool: pool({ requiredAttributes: [] }) })));
    assert.equal(named(optional, 'email')?.attrs.has('required'), false);
  });

  test('confirm: a numeric one-time-code input, and a resend button in the same form', () => {
    const doc = parseHtml(renderConfirm(formModel()));
    const code = named(doc, 'code');
    assert.equal(attr(code, 'inputmode'), 'numeric');
    assert.equal(attr(code, 'autocomplete'), 'one-time-code');
    assert.equal(attr(code, 'pattern'), '[0-9]{6}');
    const buttons = byTag(doc, 'button');
    assert.equal(attr(buttons[0], 'type'), 'submit', 'Enter confirms');
    assert.equal(attr(buttons[1], 'name'), RESEND.name);
    assert.equal(attr(buttons[1], 'value'), RESEND.value);
  });

  test('new-password: the name is read-only, the challenge rides along', () => {
    const doc = parseHtml(
      PAGES['new-password']?.(formModel({ values: { username: 'alice', challenge: 'ch-1' } })) ?? '',
    );
    assert.ok(named(doc, 'username')?.attrs.has('readonly'));
    assert.equal(attr(named(doc, 'password'), 'autocomplete'), 'new-password');
    const challenge = byTag(doc, 'input').find((i) => attr(i, 'name') === 'challenge');
    assert.equal(attr(challenge, 'value'), 'ch-1');
  });

  test('error page: a title and a message; an out-of-range status reads as 400', () => {
    const doc = parseHtml(
      renderErrorPage({ ...formModel(), status: 302, title: 'Unknown app', message: 'No such client.' }),
    );
    assert.equal(byTag(doc, 'h1')[0]?.text, 'Unknown app');
    assert.match(doc.text, /No such client\./);
    assert.match(doc.text, /Error 400\./);
    assert.deepEqual(byTag(doc, 'form'), []);
  });
});

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageHeaders } from '../../../src/pools/pages/csp.js';
import { all, byTag, parseHtml, type El } from './dom.js';
import { FORM_PAGES, formModel, HOSTILE, LOGO, NONCE, PAGES, pool } from './fixtures.js';

const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'srcset', 'poster', 'data', 'background'];

/** Every URL the page would load or go to: attributes, plus anything in the style sheet. */
function urls(doc: El): string[] {
  const fromAttributes = all(doc).flatMap((el) =>
    URL_ATTRIBUTES.flatMap((name) => (el.attrs.has(name) ? [el.attrs.get(name) ?? ''] : [])),
  );
  const fromCss = byTag(doc, 'style').flatMap((s) => [...s.text.matchAll(/url\(|@import/g)].map((m) => m[0]));
  return [...fromAttributes, ...fromCss];
}

const local = (url: string): boolean => (url.startsWith('/') && !url.startsWith('//')) || url.startsWith('#');

function hostileModel() {
  const values = Object.fromEntries(
    ['username', 'email', 'name', 'custom:team', 'code', 'challenge', 'password'].map((k) => [k, HOSTILE]),
  );
  return formModel({
    pool: pool({
      requiredAttributes: ['email', 'name', 'custom:team', HOSTILE],
      branding: {
        displayName: HOSTILE,
        logoUrl: `javascript:alert(1)//${HOSTILE}`,
        primaryColor: `red;}${HOSTILE}`,
      },
    }),
    csrfToken: HOSTILE,
    pending: HOSTILE,
    values,
    errors: Object.fromEntries(Object.keys(values).map((k) => [k, HOSTILE])),
    formError: HOSTILE,
    notice: HOSTILE,
  });
}

describe('hosted pages: escaping and content security', () => {
  for (const [name, render] of Object.entries(PAGES)) {
    test(`${name}: hostile values in every field and in the branding stay text`, () => {
      const markup = render(hostileModel());
      const doc = parseHtml(markup);
      assert.deepEqual(byTag(doc, 'script'), [], 'no script element');
      assert.deepEqual(byTag(doc, 'img'), [], 'no image: neither injected nor the javascript: logo');
      const handlers = all(doc, (el) => [...el.attrs.keys()].some((a) => a.startsWith('on')));
      assert.deepEqual(handlers, [], 'no event handler attribute');
      assert.deepEqual(
        urls(doc).filter((u) => !local(u) && u !== 'data:,'),
        [],
        'no injected link or source',
      );
      // Escaped, not dropped: the value reads back exactly where it was put.
      assert.match(byTag(doc, 'title')[0]?.text ?? '', new RegExp(`· ${escapeRegExp(HOSTILE)}$`));
      const style = byTag(doc, 'style');
      assert.equal(style.length, 1);
      assert.ok(!style[0]?.text.includes('red;'), 'an invalid colour is replaced, not pasted into the sheet');
      assert.ok(style[0]?.text.includes('--primary:#1d4ed8'), 'the default colour instead');
    });
  }

  for (const name of FORM_PAGES) {
    test(`${name}: refilled values, errors and handles read back verbatim; passwords never`, () => {
      const render = PAGES[name];
      assert.ok(render);
      const doc = parseHtml(render(hostileModel()));
      const hidden = all(doc, (el) => el.tag === 'input' && el.attrs.get('type') === 'hidden');
      assert.equal(hidden.find((h) => h.attrs.get('name') === 'csrf')?.attrs.get('value'), HOSTILE);
      assert.equal(hidden.find((h) => h.attrs.get('name') === 'pending')?.attrs.get('value'), HOSTILE);
      for (const input of byTag(doc, 'input')) {
        if (input.attrs.get('type') === 'password')
          assert.equal(input.attrs.get('value'), undefined, 'password echoed');
        else if (input.attrs.has('value')) assert.equal(input.attrs.get('value'), HOSTILE);
      }
      const summary = all(doc, (el) => el.attrs.get('role') === 'alert')[0];
      assert.ok(summary?.text.includes(HOSTILE), 'the form error reads back as text');
    });
  }

  test('a hostile required-attribute name is escaped in name, label and id', () => {
    const doc = parseHtml(PAGES['sign-up']?.(hostileModel()) ?? '');
    const input = byTag(doc, 'input').find((i) => i.attrs.get('name') === HOSTILE);
    assert.ok(input, 'the attribute has its input, named verbatim');
    assert.match(input.attrs.get('id') ?? '', /^field-[A-Za-z0-9_-]+$/);
  });

  for (const [name, render] of Object.entries(PAGES)) {
    test(`${name}: the style sheet carries the response's nonce; no inline style or script anywhere`, () => {
      const markup = render(formModel({ pool: pool({ branding: { logoUrl: LOGO } }) }));
      const doc = parseHtml(markup);
      const csp = pageHeaders(NONCE)['content-security-policy'] ?? '';
      const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.equal(nonce, NONCE);
      assert.deepEqual(
        byTag(doc, 'style').map((s) => s.attrs.get('nonce')),
        [nonce],
      );
      assert.deepEqual(
        all(doc, (el) => el.attrs.has('style')),
        [],
        'style attributes would be blocked by the CSP',
      );
      assert.deepEqual(byTag(doc, 'script'), []);
      assert.deepEqual(
        byTag(doc, 'link').map((l) => l.attrs.get('href')),
        ['data:,'],
        'only the empty icon',
      );
      assert.match(markup, /^<!doctype html>\s*<html lang="en">/);
      assert.ok(byTag(doc, 'meta').some((m) => m.attrs.get('name') === 'viewport'));
    });

    test(`${name}: loads nothing from elsewhere but the https logo`, () => {
      const doc = parseHtml(render(formModel({ pool: pool({ branding: { logoUrl: LOGO } }) })));
      const outside = urls(doc).filter((u) => !local(u) && u !== 'data:,');
      assert.deepEqual(outside, [LOGO]);
      assert.equal(byTag(doc, 'img')[0]?.attrs.get('alt'), '', 'the name beside it says it all');
    });
  }

  test('a logo over http, or with credentials, is not shown', () => {
    for (const logoUrl of [
      'http://cdn.example.com/logo.png',
      'https://user:pw@cdn.example.com/logo.png',
      'data:image/png;base64,AA',
      '//cdn.example.com/x.png',
    ]) {
      const doc = parseHtml(PAGES['sign-in']?.(formModel({ pool: pool({ branding: { logoUrl } }) })) ?? '');
      assert.deepEqual(byTag(doc, 'img'), [], logoUrl);
    }
  });

  test('the page language is used only when it looks like a language tag', () => {
    assert.match(PAGES['sign-in']?.(formModel({ lang: 'fr-CA' })) ?? '', /<html lang="fr-CA">/);
    assert.match(PAGES['sign-in']?.(formModel({ lang: `en"><script>` })) ?? '', /<html lang="en">/);
  });

  test('without a display name the pool name brands the page', () => {
    const doc = parseHtml(PAGES['sign-in']?.(formModel({ pool: pool({ branding: {} }) })) ?? '');
    assert.equal(byTag(doc, 'title')[0]?.text, 'Sign in · lj-customers');
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, html, trusted } from '../../../src/pools/pages/html.js';

describe('hosted pages: HTML escaping', () => {
  test('escapes the five characters that end text or a quoted attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&amp;</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('plain text, ünïcode ✓'), 'plain text, ünïcode ✓');
  });

  test('the tag escapes text, keeps markup it built, and drops nothing-values', () => {
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(inner.markup, '<b>&lt;i&gt;</b>');
    assert.equal(html`<p>${inner}${undefined}${null}${false}${0}</p>`.markup, '<p><b>&lt;i&gt;</b>0</p>');
    const list = [html`<b>x</b>`, '<a>'];
    assert.equal(html`<span>${list}</span>`.markup, '<span><b>x</b>&lt;a&gt;</span>');
    assert.equal(html`${trusted('<br>')}`.markup, '<br>');
  });
});

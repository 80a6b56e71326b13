import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, launch } from '../../portal/browser.js';
import { FORM_PAGES, PAGES, pool } from './fixtures.js';
import { POOL_PATH, type PagesServer, startPagesServer } from './pages-server.js';

const SCREENSHOT = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  '..',
  'docs',
  'images',
  'hosted-sign-in.png',
);
const LOGO = 'https://cdn.lj-health-food.example/logo.svg';
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><circle cx="24" cy="24" r="22" fill="#0f766e"/><path d="M15 25l6 6 12-14" stroke="#fff" stroke-width="4" fill="none"/></svg>';
const LONG = 'Supercalifragilisticexpialidocious-Health-Food-Company-With-A-Very-Long-Name';

/** How the page's script names an element: its id, else its text (buttons), else its tag. */
const KEY = '(el) => el.id || el.textContent.trim() || el.tagName';

const skip = browserUnavailable();

describe('hosted pages in Chromium', { skip }, () => {
  let server: PagesServer;
  let browser: Browser;

  before(async () => {
    server = await startPagesServer({
      // Worst case for a narrow screen: long unbroken names and an error on every field.
      crowded: (m) => ({
        ...m,
        pool: pool({ branding: { displayName: LONG, primaryColor: '#ffe066' } }),
        values: { username: LONG, email: `${LONG}@example.com`, name: LONG },
        errors: Object.fromEntries(
          ['username', 'email', 'name', 'custom:team', 'code', 'password'].map((k) => [
            k,
            `${LONG} is wrong`,
          ]),
        ),
        formError: `Something about ${LONG} went wrong.`,
        notice: `We sent a code to ${LONG}@example.com.`,
      }),
      branded: (m) => ({
        ...m,
        pool: pool({ branding: { displayName: 'LJ Health Food', logoUrl: LOGO, primaryColor: '#0f766e' } }),
      }),
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page at phone width that records console errors and any request that leaves the server. */
  async function open(
    path: string,
    width = 320,
  ): Promise<{ page: Page; errors: string[]; outside: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 640 } });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.base) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await page.route(LOGO, (route) => route.fulfill({ contentType: 'image/svg+xml', body: LOGO_SVG }));
    const response = await page.goto(`${server.base}${path}`);
    assert.equal(response?.status(), 200);
    return { page, errors, outside };
  }

  test('the check sees a CSP violation when there is one', async () => {
    const { page, errors } = await open('/control');
    // The report crosses from the page to the test asynchronously: wait for it, up to 5 s.
    const seen = () => errors.some((e) => /Content Security Policy/i.test(e));
    for (let i = 0; i < 100 && !seen(); i++) await page.waitForTimeout(50);
    assert.ok(
      errors.some((e) => /Content Security Policy/i.test(e)),
      errors.join('\n'),
    );
    await page.close();
  });

  for (const name of Object.keys(PAGES)) {
    test(`${name}: no CSP violation, nothing loaded from elsewhere, no sideways scroll at 320 px`, async () => {
      for (const variant of ['', 'crowded']) {
        const { page, errors, outside } = await open(`${POOL_PATH}/${name}?variant=${variant}`);
        assert.deepEqual(errors, [], `${variant}: console errors`);
        assert.deepEqual(outside, []);
        const widths = (await page.evaluate(
          '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
        )) as number[];
        assert.ok(
          (widths[0] ?? 0) <= (widths[1] ?? 0),
          `${variant}: scroll width ${widths[0]} > ${widths[1]}`,
        );
        await page.close();
      }
    });
  }

  for (const name of FORM_PAGES) {
    test(`${name}: Tab reaches every input and the submit button, each with a visible focus ring`, async () => {
      const { page } = await open(`${POOL_PATH}/${name}`);
      const wanted = (await page.evaluate(
        `[...document.querySelectorAll('input:not([type=hidden]), textarea, button')].map(${KEY})`,
      )) as string[];
      const reached = new Map<string, string>();
      for (let i = 0; i < wanted.length + 6; i++) {
        await page.keyboard.press('Tab');
        const [key, outline] = (await page.evaluate(
          `[(${KEY})(document.activeElement), getComputedStyle(document.activeElement).outlineStyle]`,
        )) as string[];
        reached.set(key ?? '', outline ?? 'none');
      }
      for (const key of wanted) {
        assert.ok(reached.has(key), `Tab never reached ${key}; reached ${[...reached.keys()].join(', ')}`);
        assert.equal(reached.get(key), 'solid', `no focus ring on ${key}`);
      }
      await page.close();
    });
  }

  test('sign-in with the keyboard only: the form posts, with a CSRF token the server accepts', async () => {
    const { page, errors } = await open(`${POOL_PATH}/sign-in`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    assert.equal((await page.textContent('body'))?.trim(), 'accepted alice');
    assert.deepEqual(errors, []);
    const headers = server.posts.at(-1);
    assert.equal(headers?.['sec-fetch-site'], 'same-origin');
    // Under Referrer-Policy: no-referrer the browser hides even our own origin: the guard must accept that.
    assert.equal(headers?.origin, 'null');
    await page.close();
  });

  test('a form posted after the cookie is gone is refused', async () => {
    const { page } = await open(`${POOL_PATH}/sign-in`);
    await page.context().clearCookies();
    await page.getByLabel('Username').fill('alice');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    assert.equal((await page.textContent('body'))?.trim(), 'refused: missing-cookie');
    await page.close();
  });

  test('the branded sign-in page, for the README', async () => {
    const { page, errors, outside } = await open(`${POOL_PATH}/sign-in?variant=branded`, 480);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [LOGO], 'the https logo is the one outside request');
    const logoWidth = (await page.evaluate("document.querySelector('header img').naturalWidth")) as number;
    assert.ok(logoWidth > 0, 'the logo shows');
    // The README's picture changes only when asked: every run would otherwise dirty the tree.
    if (process.env.GATEHOUSE_UPDATE_DOC_IMAGES === '1') {
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    await page.close();
  });
});

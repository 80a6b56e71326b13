import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

// How a person uses the hosted pages, by what they see: the form fields every page posts
// (`username`, `password`, `email`, `code`) and the primary button.

const LANDING_MS = 10_000;

/** Waits until the browser is on a page under `base` (the app), and returns that URL. */
export async function landOn(page: Page, base: string): Promise<string> {
  await page.waitForURL((url) => url.href.startsWith(base), { timeout: LANDING_MS });
  return page.url();
}

/** The hosted sign-in page of `poolIssuer` is showing. */
export async function assertSignInPage(page: Page, poolIssuer: string): Promise<void> {
  await page.waitForSelector('input[name=password]', { timeout: LANDING_MS });
  assert.ok(page.url().startsWith(`${poolIssuer}/`), `on the pool's page, not ${page.url()}`);
  assert.equal(await page.getAttribute('input[name=password]', 'type'), 'password');
  assert.equal(await page.textContent('h1'), 'Sign in');
}

/** Types the sign-in name and password and presses Sign in. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('form button.primary');
}

/** Follows `url` (an authorization request), signs in on the hosted page, and returns where the app was called. */
export async function signInThrough(
  page: Page,
  url: URL,
  poolIssuer: string,
  appBase: string,
  who: { username: string; password: string },
): Promise<string> {
  await page.goto(url.href);
  await assertSignInPage(page, poolIssuer);
  await submitSignIn(page, who.username, who.password);
  return landOn(page, appBase);
}

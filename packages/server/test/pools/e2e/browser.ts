import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from '../../portal/browser.js';

export { browserUnavailable } from '../../portal/browser.js';

/** Headless Chromium, launched as every browser suite here launches it. */
export const launchChromium = launch;

/** A fresh browser profile whose requests go to loopback only; anything else is aborted and noted. */
export interface LoopbackContext {
  context: BrowserContext;
  page: Page;
  /** URLs a page asked for off this machine (hosted pages must load none). */
  refused: string[];
  close(): Promise<void>;
}

export async function loopbackContext(browser: Browser): Promise<LoopbackContext> {
  const context = await browser.newContext();
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    refused.push(url.href);
    return route.abort();
  });
  const page = await context.newPage();
  return { context, page, refused, close: () => context.close() };
}

import { themeOf } from './branding.js';
import { type Html, html, trusted } from './html.js';
import type { PageModel } from './model.js';
import { stylesheet } from './styles.js';

const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The shell of every hosted page: no script, no external stylesheet or font, one inline sheet
 * allowed by the response's CSP nonce. The icon is an empty data: URL so the browser does not
 * ask the server for /favicon.ico.
 */
export function layout(model: PageModel, title: string, content: Html): string {
  const theme = themeOf(model.pool);
  const lang = model.lang !== undefined && LANG.test(model.lang) ? model.lang : 'en';
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title} · ${theme.displayName}</title>
        <link rel="icon" href="data:," />
        <style nonce="${model.nonce}">
          ${trusted(stylesheet(theme))}
        </style>
      </head>
      <body>
        <main>
          <div class="card">
            <header>
              ${theme.logoUrl !== undefined && html`<img src="${theme.logoUrl}" alt="" referrerpolicy="no-referrer" />`}
              <p class="brand">${theme.displayName}</p>
            </header>
            ${content}
          </div>
        </main>
      </body>
    </html> `.markup;
}

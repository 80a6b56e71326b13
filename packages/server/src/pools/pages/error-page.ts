import { html } from './html.js';
import { layout } from './layout.js';
import type { PageModel } from './model.js';

export interface ErrorPageModel extends PageModel {
  /** The 4xx status the route sends the page with (never a redirect); shown for support. */
  status: number;
  title: string;
  /** Plain text written by the server; it is escaped like everything else, but should never quote input. */
  message: string;
}

/**
 * An error that cannot go back to the app, such as an unknown client or a redirect URI that is
 * not registered: sending the browser anywhere then would be an open redirect.
 */
export function renderErrorPage(model: ErrorPageModel): string {
  const status =
    Number.isInteger(model.status) && model.status >= 400 && model.status <= 499 ? model.status : 400;
  return layout(
    model,
    model.title,
    html`<h1>${model.title}</h1>
      <p>${model.message}</p>
      <p class="hint">Error ${status}. You can close this page, or go back to the app and try again.</p> `,
  );
}

import { html } from './html.js';
import { layout } from './layout.js';
import { type PageModel, PAGE_PATHS, pageUrl } from './model.js';

export interface SignedOutModel extends PageModel {
  /** Offer a link to sign in again; off when the app that signed out is not known. */
  signInAgain?: boolean;
}

/** Shown after a logout that has no (registered) place to return to. */
export function renderSignedOut(model: SignedOutModel): string {
  return layout(
    model,
    'Signed out',
    html`<h1>You have signed out</h1>
      <p>Your session has ended. To keep your account safe on a shared device, close the browser.</p>
      ${
        model.signInAgain &&
        html`<ul class="links">
          <li><a href="${pageUrl(model, PAGE_PATHS.signIn)}">Sign in again</a></li>
        </ul> `
      }`,
  );
}

import { html } from './html.js';
import { layout } from './layout.js';
import type { PageModel } from './model.js';

/** After a sign-in with no app waiting: the person came to the page on their own. */
export function renderSignedIn(model: PageModel & { username: string }): string {
  return layout(
    model,
    'Signed in',
    html`<h1>You are signed in</h1>
      <p>You are signed in as <strong>${model.username}</strong>. You can go back to the app now.</p> `,
  );
}

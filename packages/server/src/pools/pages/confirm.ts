import { codeField, identifierField } from './common-fields.js';
import { formPage } from './form.js';
import { html } from './html.js';
import { type FormPageModel, PAGE_PATHS, pageUrl } from './model.js';

export type ConfirmModel = FormPageModel;

/** The field the resend button posts; without it, the form asks to confirm. */
export const RESEND = { name: 'action', value: 'resend' } as const;

/**
 * Confirm an account with the emailed code. Resending is a second button of the same form, so
 * it works without script and carries the same CSRF token; Enter presses Confirm, the first.
 */
export function renderConfirm(model: ConfirmModel): string {
  return formPage(model, {
    purpose: PAGE_PATHS.confirm,
    title: 'Confirm your account',
    intro: html`<p>We emailed you a code. Enter it here to finish creating your account.</p> `,
    fields: [identifierField(model.pool), codeField()],
    submit: 'Confirm account',
    buttons: html`<button
      type="submit"
      class="secondary"
      name="${RESEND.name}"
      value="${RESEND.value}"
      formnovalidate
    >
      Send a new code
    </button> `,
    links: [{ href: pageUrl(model, PAGE_PATHS.signIn), text: 'Back to sign in' }],
  });
}

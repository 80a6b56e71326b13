import { identifierField, newPasswordField } from './common-fields.js';
import { formPage } from './form.js';
import { html } from './html.js';
import { type FormPageModel, PAGE_PATHS } from './model.js';

export interface NewPasswordModel extends FormPageModel {
  /** The opaque, signed handle of the sign-in that passed with a temporary password. */
  challenge: string;
}

/**
 * A user in FORCE_CHANGE_PASSWORD signed in with a temporary password and must choose their
 * own. The name is shown read-only, so a password manager saves the new password under it.
 */
export function renderNewPassword(model: NewPasswordModel): string {
  return formPage(model, {
    purpose: PAGE_PATHS.newPassword,
    title: 'Choose your password',
    intro: html`<p>Your account has a temporary password. Choose your own to continue.</p> `,
    fields: [identifierField(model.pool, true), newPasswordField(model.pool, 'New password')],
    hidden: { challenge: model.challenge },
    submit: 'Set password and continue',
  });
}

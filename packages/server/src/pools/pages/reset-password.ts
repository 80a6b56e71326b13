import { codeField, identifierField, newPasswordField } from './common-fields.js';
import { formPage } from './form.js';
import { type FormPageModel, PAGE_PATHS, pageUrl } from './model.js';

export type ResetPasswordModel = FormPageModel;

/** The emailed code and a new password; the sign-in name stays in the form for password managers. */
export function renderResetPassword(model: ResetPasswordModel): string {
  return formPage(model, {
    purpose: PAGE_PATHS.resetPassword,
    title: 'Choose a new password',
    fields: [identifierField(model.pool), codeField(), newPasswordField(model.pool, 'New password')],
    submit: 'Change password',
    links: [
      { href: pageUrl(model, PAGE_PATHS.forgotPassword), text: 'Send a new code' },
      { href: pageUrl(model, PAGE_PATHS.signIn), text: 'Back to sign in' },
    ],
  });
}

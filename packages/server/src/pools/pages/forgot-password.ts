import { identifierField } from './common-fields.js';
import { formPage } from './form.js';
import { html } from './html.js';
import { type FormPageModel, PAGE_PATHS, pageUrl } from './model.js';

export type ForgotPasswordModel = FormPageModel;

/** Ask for a reset code. The answer must not tell whether the account exists; that is the route's part. */
export function renderForgotPassword(model: ForgotPasswordModel): string {
  const by = model.pool.settings.signInWith === 'email' ? 'email address' : 'username';
  return formPage(model, {
    purpose: PAGE_PATHS.forgotPassword,
    title: 'Reset your password',
    intro: html`<p>
      Enter your ${by}. If it belongs to an account, we will email a code to reset the password.
    </p> `,
    fields: [identifierField(model.pool)],
    submit: 'Send code',
    links: [{ href: pageUrl(model, PAGE_PATHS.signIn), text: 'Back to sign in' }],
  });
}

import { currentPasswordField, identifierField } from './common-fields.js';
import { formPage } from './form.js';
import { type FormPageModel, PAGE_PATHS, pageUrl } from './model.js';

export type SignInModel = FormPageModel;

/** Sign in: the pool's sign-in name and a password; sign-up is offered only when the pool allows it. */
export function renderSignIn(model: SignInModel): string {
  return formPage(model, {
    purpose: PAGE_PATHS.signIn,
    title: 'Sign in',
    fields: [identifierField(model.pool), currentPasswordField()],
    submit: 'Sign in',
    links: [
      { href: pageUrl(model, PAGE_PATHS.forgotPassword), text: 'Forgot your password?' },
      ...(model.pool.settings.selfSignUp
        ? [{ href: pageUrl(model, PAGE_PATHS.signUp), text: 'New here? Create an account' }]
        : []),
    ],
  });
}

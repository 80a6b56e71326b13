import { attributeFields } from './attribute-fields.js';
import { newPasswordField } from './common-fields.js';
import type { FieldSpec } from './fields.js';
import { formPage } from './form.js';
import { type FormPageModel, PAGE_PATHS, pageUrl } from './model.js';

export type SignUpModel = FormPageModel;

/**
 * Create an account. A pool that signs in with email asks for no separate username. Email is
 * optional only when the pool neither signs in with it nor requires it.
 */
export function renderSignUp(model: SignUpModel): string {
  const { settings } = model.pool;
  const byEmail = settings.signInWith === 'email';
  const fields: FieldSpec[] = [
    ...(byEmail
      ? []
      : [
          {
            name: 'username',
            label: 'Username',
            autocomplete: 'username',
            verbatim: true,
          } satisfies FieldSpec,
        ]),
    {
      name: 'email',
      label: 'Email address',
      type: 'email',
      // With email sign-in the address is the name a password manager should save.
      autocomplete: byEmail ? 'username' : 'email',
      verbatim: true,
      optional: !byEmail && !settings.requiredAttributes.includes('email'),
    },
    ...attributeFields(settings.requiredAttributes),
    newPasswordField(model.pool),
  ];
  return formPage(model, {
    purpose: PAGE_PATHS.signUp,
    title: 'Create an account',
    fields,
    submit: 'Create account',
    links: [{ href: pageUrl(model, PAGE_PATHS.signIn), text: 'Already have an account? Sign in' }],
  });
}

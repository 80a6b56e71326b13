import type { PagePool } from '../../../src/pools/pages/model.js';
import { renderConfirm } from '../../../src/pools/pages/confirm.js';
import { renderErrorPage } from '../../../src/pools/pages/error-page.js';
import { renderForgotPassword } from '../../../src/pools/pages/forgot-password.js';
import { type FormPageModel, type PageModel } from '../../../src/pools/pages/model.js';
import { renderNewPassword } from '../../../src/pools/pages/new-password.js';
import { renderResetPassword } from '../../../src/pools/pages/reset-password.js';
import { renderSignIn } from '../../../src/pools/pages/sign-in.js';
import { renderSignUp } from '../../../src/pools/pages/sign-up.js';
import { renderSignedOut } from '../../../src/pools/pages/signed-out.js';

/** Breaks out of text, attributes, the style sheet and URLs if anything is left unescaped. */
export const HOSTILE = `"'><script>alert(1)</script><img src=x onerror=alert(1)></style><a href="//evil.example">&amp;`;

export const NONCE = 'cmFuZG9tLW5vbmNlLTEyMzQ=';
export const LOGO = 'https://cdn.example.com/lj/logo.svg';

export function pool(overrides: Partial<PagePool['settings']> = {}): PagePool {
  return {
    id: 'local_AbC123xyz',
    name: 'lj-customers',
    settings: {
      selfSignUp: true,
      signInWith: 'username',
      requiredAttributes: ['email', 'name', 'custom:team'],
      passwordPolicy: { minLength: 12 },
      branding: { displayName: 'LJ Health Food', primaryColor: '#0f766e' },
      ...overrides,
    },
  };
}

export function formModel(overrides: Partial<FormPageModel> = {}): FormPageModel {
  return {
    nonce: NONCE,
    pool: pool(),
    csrfToken: '1700000000.token',
    pending: 'pending-handle',
    ...overrides,
  };
}

/** Every page, rendered from one model; message pages take what they need of it. */
export const PAGES: Record<string, (model: FormPageModel) => string> = {
  'sign-in': renderSignIn,
  'sign-up': renderSignUp,
  confirm: renderConfirm,
  'forgot-password': renderForgotPassword,
  'reset-password': renderResetPassword,
  'new-password': (m) => renderNewPassword({ ...m, challenge: m.values?.challenge ?? 'challenge-handle' }),
  error: (m: PageModel & { formError?: string | undefined }) =>
    renderErrorPage({
      ...m,
      status: 400,
      title: m.formError ?? 'Unknown app',
      message: m.formError ?? 'No such client.',
    }),
  'signed-out': (m) => renderSignedOut({ ...m, signInAgain: true }),
};

export const FORM_PAGES = [
  'sign-in',
  'sign-up',
  'confirm',
  'forgot-password',
  'reset-password',
  'new-password',
];

// The hosted pages of a user pool: pure renderers, their headers and their CSRF guard.
export { renderConfirm, RESEND } from './confirm.js';
export { createNonce, pageHeaders } from './csp.js';
export {
  CSRF_FIELD,
  csrfFailureMessage,
  type CsrfCheck,
  type CsrfFailure,
  type CsrfForm,
  CsrfGuard,
  csrfCookieName,
  deriveCsrfKey,
} from './csrf.js';
export { renderErrorPage, type ErrorPageModel } from './error-page.js';
export { renderForgotPassword } from './forgot-password.js';
export { escapeHtml } from './html.js';
export { type FormPageModel, PAGE_PATHS, type PagePool, type PagePurpose, type PageModel } from './model.js';
export { type NewPasswordModel, renderNewPassword } from './new-password.js';
export { renderResetPassword } from './reset-password.js';
export { renderSignIn } from './sign-in.js';
export { renderSignUp } from './sign-up.js';
export { renderSignedIn } from './signed-in.js';
export { renderSignedOut, type SignedOutModel } from './signed-out.js';

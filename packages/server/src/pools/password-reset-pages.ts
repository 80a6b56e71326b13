import { ValidationError } from '../services/errors.js';
import { selfServiceActor } from '../services/pools/self-service-actor.js';
import { PoolCodeError } from '../services/pools/user-codes.js';
import { carried, fieldErrors, showForm, usernameOf } from './form-pages.js';
import { checkCsrf, field, type PageContext, readPageForm, readQuery } from './page-context.js';
import { PAGE_PATHS } from './pages/index.js';
import { clearSessionCookie } from './session-cookie.js';

const MAX_PASSWORD = 1024;

export async function showForgotPassword(ctx: PageContext): Promise<void> {
  showForm(ctx, PAGE_PATHS.forgotPassword, await carried(ctx, readQuery(ctx.req)));
}

/** Always the same answer, whether or not the name belongs to an account. */
export async function forgotPassword(ctx: PageContext): Promise<void> {
  const params = await readPageForm(ctx.req);
  const carry = await carried(ctx, params);
  const username = usernameOf(params) ?? '';
  const values = { username };
  const csrfError = checkCsrf(ctx, params, PAGE_PATHS.forgotPassword);
  if (csrfError)
    return showForm(ctx, PAGE_PATHS.forgotPassword, carry, { values, formError: csrfError, status: 403 });
  if (username === '') {
    return showForm(ctx, PAGE_PATHS.forgotPassword, carry, {
      errors: { username: 'Enter your sign-in name.' },
      status: 400,
    });
  }
  await ctx.deps.gatehouse.poolSelfService.requestReset(ctx.pool.row.id, username);
  showForm(ctx, PAGE_PATHS.resetPassword, carry, {
    values,
    notice: 'If this belongs to an account, we emailed a 6-digit code. Enter it below with a new password.',
  });
}

export async function showResetPassword(ctx: PageContext): Promise<void> {
  showForm(ctx, PAGE_PATHS.resetPassword, await carried(ctx, readQuery(ctx.req)));
}

/** The code and a new password; every session and refresh token of the user ends. */
export async function resetPassword(ctx: PageContext): Promise<void> {
  const params = await readPageForm(ctx.req);
  const carry = await carried(ctx, params);
  const username = usernameOf(params) ?? '';
  const values = { username };
  const csrfError = checkCsrf(ctx, params, PAGE_PATHS.resetPassword);
  if (csrfError)
    return showForm(ctx, PAGE_PATHS.resetPassword, carry, { values, formError: csrfError, status: 403 });
  const code = field(params, 'code', 16)?.trim() ?? '';
  const password = field(params, 'password', MAX_PASSWORD) ?? '';
  const errors = {
    username: username === '' ? 'Enter your sign-in name.' : undefined,
    code: /^\d{6}$/.test(code) ? undefined : 'Enter the 6-digit code from the email.',
    password: password === '' ? 'Enter a new password.' : undefined,
  };
  if (errors.username || errors.code || errors.password) {
    return showForm(ctx, PAGE_PATHS.resetPassword, carry, { values, errors, status: 400 });
  }
  try {
    await ctx.deps.gatehouse.poolSelfService.resetWithCode(
      ctx.pool.row.id,
      username,
      code,
      password,
      selfServiceActor(ctx.origin),
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      return showForm(ctx, PAGE_PATHS.resetPassword, carry, {
        values,
        errors: fieldErrors(error.issues),
        status: 400,
      });
    }
    if (error instanceof PoolCodeError) {
      const message =
        error.reason === 'mismatch'
          ? 'The code is wrong. Check the email and try again.'
          : 'This code has expired or was tried too often. Ask for a new code.';
      return showForm(ctx, PAGE_PATHS.resetPassword, carry, {
        values,
        errors: { code: message },
        status: 400,
      });
    }
    throw error;
  }
  showForm(ctx, PAGE_PATHS.signIn, carry, {
    values,
    notice:
      'Your password has been changed, and you were signed out everywhere. Sign in with the new password.',
    cookies: [clearSessionCookie(ctx)],
  });
}

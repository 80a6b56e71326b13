import { ConflictError, NotFoundError, ValidationError } from '../services/errors.js';
import { selfServiceActor } from '../services/pools/self-service-actor.js';
import { PoolCodeError } from '../services/pools/user-codes.js';
import { carried, fieldErrors, finishSignIn, showForm, usernameOf } from './form-pages.js';
import { checkCsrf, field, type PageContext, PageProblem, readPageForm, readQuery } from './page-context.js';
import { PAGE_PATHS, RESEND } from './pages/index.js';

const MAX_PASSWORD = 1024;
/** The fields the sign-up form asks for besides the required attributes. */
const OWN_FIELDS = new Set(['username', 'email', 'password', 'csrf', 'pending']);

function requireSelfSignUp(ctx: PageContext): void {
  if (!ctx.pool.settings.selfSignUp) {
    throw new PageProblem(
      403,
      'Sign-up is closed',
      'Accounts for this app are created by its administrators.',
    );
  }
}

export async function showSignUp(ctx: PageContext): Promise<void> {
  requireSelfSignUp(ctx);
  showForm(ctx, PAGE_PATHS.signUp, await carried(ctx, readQuery(ctx.req)));
}

export async function signUp(ctx: PageContext): Promise<void> {
  requireSelfSignUp(ctx);
  const params = await readPageForm(ctx.req);
  const carry = await carried(ctx, params);
  const byEmail = ctx.pool.settings.signInWith === 'email';
  const email = field(params, 'email', 320)?.trim();
  const username = byEmail ? email : usernameOf(params);
  const attributes: Record<string, string> = {};
  for (const name of ctx.pool.settings.requiredAttributes) {
    if (OWN_FIELDS.has(name)) continue;
    const value = field(params, name, 2048)?.trim();
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  const values = { username, email, ...attributes };
  const csrfError = checkCsrf(ctx, params, PAGE_PATHS.signUp);
  if (csrfError)
    return showForm(ctx, PAGE_PATHS.signUp, carry, { values, formError: csrfError, status: 403 });
  const password = field(params, 'password', MAX_PASSWORD) ?? '';
  let user;
  try {
    user = await ctx.deps.gatehouse.poolSelfService.signUp(
      ctx.pool.row.id,
      { username: username ?? '', email: email || undefined, password, attributes },
      selfServiceActor(ctx.origin),
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      return showForm(ctx, PAGE_PATHS.signUp, carry, {
        values,
        errors: fieldErrors(error.issues),
        status: 400,
      });
    }
    if (error instanceof ConflictError) {
      const formError = 'An account with this name or email address already exists. Sign in instead.';
      return showForm(ctx, PAGE_PATHS.signUp, carry, { values, formError, status: 409 });
    }
    throw error;
  }
  if (user.status === 'CONFIRMED') {
    // The pool confirms at once: the new account is signed in, as Cognito's hosted UI does.
    const row = (await ctx.deps.gatehouse.poolUsers.findForSignIn(ctx.pool.row.id, user.sub))?.user;
    if (!row) throw new PageProblem(404, 'Account not found', 'The new account could not be found. Sign in.');
    return finishSignIn(ctx, row, carry);
  }
  showForm(ctx, PAGE_PATHS.confirm, carry, {
    values: { username: user.username },
    notice: 'We emailed you a 6-digit code. Enter it below to confirm your account.',
  });
}

export async function showConfirm(ctx: PageContext): Promise<void> {
  showForm(ctx, PAGE_PATHS.confirm, await carried(ctx, readQuery(ctx.req)));
}

export async function confirm(ctx: PageContext): Promise<void> {
  const params = await readPageForm(ctx.req);
  const carry = await carried(ctx, params);
  const username = usernameOf(params) ?? '';
  const values = { username };
  const csrfError = checkCsrf(ctx, params, PAGE_PATHS.confirm);
  if (csrfError)
    return showForm(ctx, PAGE_PATHS.confirm, carry, { values, formError: csrfError, status: 403 });
  if (username === '') {
    return showForm(ctx, PAGE_PATHS.confirm, carry, {
      errors: { username: 'Enter your sign-in name.' },
      status: 400,
    });
  }
  if (field(params, RESEND.name, 16) === RESEND.value) {
    // The same answer whether or not the name needs confirming, and whether or not it was too soon.
    await ctx.deps.gatehouse.poolSelfService.sendConfirmation(ctx.pool.row.id, username);
    const notice = 'If this account is waiting for confirmation, we emailed it a new code.';
    return showForm(ctx, PAGE_PATHS.confirm, carry, { values, notice });
  }
  const code = field(params, 'code', 16)?.trim() ?? '';
  if (!/^\d{6}$/.test(code)) {
    return showForm(ctx, PAGE_PATHS.confirm, carry, {
      values,
      errors: { code: 'Enter the 6-digit code from the email.' },
      status: 400,
    });
  }
  try {
    await ctx.deps.gatehouse.poolUsers.confirmWithCode(
      ctx.pool.row.id,
      username,
      code,
      selfServiceActor(ctx.origin),
    );
  } catch (error) {
    if (error instanceof PoolCodeError || error instanceof NotFoundError || error instanceof ConflictError) {
      // An unknown name and an account already confirmed read as a wrong code: no account facts here.
      const message =
        error instanceof PoolCodeError && error.reason !== 'mismatch'
          ? 'This code has expired or was tried too often. Send a new code.'
          : 'The code is wrong. Check the email and try again.';
      return showForm(ctx, PAGE_PATHS.confirm, carry, { values, errors: { code: message }, status: 400 });
    }
    throw error;
  }
  showForm(ctx, PAGE_PATHS.signIn, carry, {
    values,
    notice: 'Your account is confirmed. Sign in to continue.',
  });
}

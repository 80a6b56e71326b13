import { InvalidCredentialsError, LockedError, ValidationError } from '../services/errors.js';
import { selfServiceActor } from '../services/pools/self-service-actor.js';
import { carried, type Carried, fieldErrors, finishSignIn, showForm, usernameOf } from './form-pages.js';
import {
  checkCsrf,
  field,
  type PageContext,
  PageProblem,
  readPageForm,
  readQuery,
  sendRedirect,
} from './page-context.js';
import { PAGE_PATHS } from './pages/index.js';
import { openPending } from './pending-request.js';

const CHALLENGE = 'pool-new-password';
/** Long enough to think of a password, short enough that a stolen page is soon useless. */
const CHALLENGE_TTL_MS = 10 * 60_000;
const MAX_PASSWORD = 1024;

interface Challenge {
  poolId: string;
  sub: string;
  username: string;
  changedAt: number | null;
  pending: string | undefined;
}

/** One message for an unknown user, a wrong password and a disabled account. */
function refusal(ctx: PageContext): string {
  return ctx.pool.settings.signInWith === 'email'
    ? 'Incorrect email address or password.'
    : 'Incorrect username or password.';
}

export async function showSignIn(ctx: PageContext): Promise<void> {
  const carry = await carried(ctx, readQuery(ctx.req));
  showForm(ctx, PAGE_PATHS.signIn, carry, { values: { username: carry.pending?.request.loginHint } });
}

export async function signIn(ctx: PageContext): Promise<void> {
  const params = await readPageForm(ctx.req);
  const carry = await carried(ctx, params);
  const username = usernameOf(params) ?? '';
  const values = { username };
  const csrfError = checkCsrf(ctx, params, PAGE_PATHS.signIn);
  if (csrfError)
    return showForm(ctx, PAGE_PATHS.signIn, carry, { values, formError: csrfError, status: 403 });
  const password = field(params, 'password', MAX_PASSWORD) ?? '';
  if (username === '' || password === '') {
    const errors = {
      username: username === '' ? 'Enter your sign-in name.' : undefined,
      password: password === '' ? 'Enter your password.' : undefined,
    };
    return showForm(ctx, PAGE_PATHS.signIn, carry, { values, errors, status: 400 });
  }
  let outcome;
  try {
    outcome = await ctx.deps.gatehouse.poolSignIn.signIn(ctx.pool.row.id, username, password, ctx.origin);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) {
      return showForm(ctx, PAGE_PATHS.signIn, carry, { values, formError: refusal(ctx), status: 400 });
    }
    if (error instanceof LockedError) {
      return showForm(ctx, PAGE_PATHS.signIn, carry, {
        values,
        formError: `Too many failed sign-in attempts. Try again in ${error.retryAfter} seconds.`,
        status: 429,
        headers: { 'retry-after': String(error.retryAfter) },
      });
    }
    throw error;
  }
  const { user } = outcome;
  if (outcome.next === 'confirm') {
    await ctx.deps.gatehouse.poolSelfService.sendConfirmation(ctx.pool.row.id, user.sub, 0);
    return showForm(ctx, PAGE_PATHS.confirm, carry, {
      values: { username },
      notice: 'Your account is not confirmed yet. We emailed you a new code.',
    });
  }
  if (outcome.next === 'new-password') {
    const challenge: Challenge = {
      poolId: ctx.pool.row.id,
      sub: user.sub,
      username: user.username,
      changedAt: user.password_changed_at,
      pending: carry.handle,
    };
    const sealed = ctx.deps.gatehouse.poolHandles.seal(CHALLENGE, challenge, CHALLENGE_TTL_MS);
    return showForm(ctx, PAGE_PATHS.newPassword, carry, {
      values: { username: user.username },
      challenge: sealed,
    });
  }
  await finishSignIn(ctx, user, carry);
}

/** The new-password page exists only as the answer to a sign-in; coming to it directly starts over. */
export async function showNewPassword(ctx: PageContext): Promise<void> {
  const carry = await carried(ctx, readQuery(ctx.req));
  const query = carry.handle ? `?pending=${encodeURIComponent(carry.handle)}` : '';
  sendRedirect(ctx, `${ctx.basePath}/${PAGE_PATHS.signIn}${query}`);
}

export async function newPassword(ctx: PageContext): Promise<void> {
  const params = await readPageForm(ctx.req);
  const sealed = field(params, 'challenge', 8192);
  const challenge = ctx.deps.gatehouse.poolHandles.open(CHALLENGE, sealed) as Challenge | undefined;
  if (!challenge || challenge.poolId !== ctx.pool.row.id || sealed === undefined) {
    throw new PageProblem(400, 'This page has expired', 'Sign in again with your temporary password.');
  }
  const carry: Carried = { handle: challenge.pending, pending: await openPending(ctx, challenge.pending) };
  const state = { values: { username: challenge.username }, challenge: sealed };
  const csrfError = checkCsrf(ctx, params, PAGE_PATHS.newPassword);
  if (csrfError)
    return showForm(ctx, PAGE_PATHS.newPassword, carry, { ...state, formError: csrfError, status: 403 });
  const password = field(params, 'password', MAX_PASSWORD) ?? '';
  if (password === '') {
    return showForm(ctx, PAGE_PATHS.newPassword, carry, {
      ...state,
      errors: { password: 'Enter a new password.' },
      status: 400,
    });
  }
  let user;
  try {
    user = await ctx.deps.gatehouse.poolSelfService.completeNewPassword(
      ctx.pool.row.id,
      challenge.sub,
      challenge.changedAt,
      password,
      selfServiceActor(ctx.origin),
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      return showForm(ctx, PAGE_PATHS.newPassword, carry, {
        ...state,
        errors: fieldErrors(error.issues),
        status: 400,
      });
    }
    throw error;
  }
  await finishSignIn(ctx, user, carry);
}

import type { PoolUserRow } from '../store/repos/pool-users.js';
import { type PageContext, field, issueCsrf, sendPage } from './page-context.js';
import type { RawParams } from './authorize-params.js';
import {
  type FormPageModel,
  PAGE_PATHS,
  type PagePurpose,
  renderConfirm,
  renderForgotPassword,
  renderNewPassword,
  renderResetPassword,
  renderSignedIn,
  renderSignIn,
  renderSignUp,
} from './pages/index.js';
import { openPending, type PendingRequest, redirectWithCode } from './pending-request.js';
import { sessionCookie } from './session-cookie.js';

/** The pending request a page carries: the handle as the browser holds it, and what it says. */
export interface Carried {
  handle: string | undefined;
  pending: PendingRequest | undefined;
}

/** What a form page shows besides its fields: refilled values, errors, news, and its status. */
export interface FormState {
  values?: Record<string, string | undefined>;
  errors?: Record<string, string | undefined>;
  formError?: string;
  notice?: string;
  status?: number;
  headers?: Record<string, string>;
  cookies?: string[];
  /** The new-password page's signed challenge. */
  challenge?: string;
}

const RENDER: Record<Exclude<PagePurpose, 'new-password'>, (model: FormPageModel) => string> = {
  [PAGE_PATHS.signIn]: renderSignIn,
  [PAGE_PATHS.signUp]: renderSignUp,
  [PAGE_PATHS.confirm]: renderConfirm,
  [PAGE_PATHS.forgotPassword]: renderForgotPassword,
  [PAGE_PATHS.resetPassword]: renderResetPassword,
};

/** The handle that came with a GET (`?pending=`) or a POST (hidden field), opened and checked. */
export async function carried(ctx: PageContext, params: RawParams): Promise<Carried> {
  const handle = field(params, 'pending', 8192);
  return { handle, pending: await openPending(ctx, handle) };
}

/**
 * Renders one of the pool's forms with a fresh CSRF token. When an app is waiting, its callback
 * goes in CSP form-action: the form's answer redirects there.
 */
export function showForm(
  ctx: PageContext,
  purpose: PagePurpose,
  carry: Carried,
  state: FormState = {},
): void {
  const csrf = issueCsrf(ctx, purpose);
  sendPage(
    ctx,
    (nonce) => {
      const model: FormPageModel = {
        nonce,
        pool: ctx.page,
        basePath: ctx.basePath,
        csrfToken: csrf.token,
        pending: carry.handle,
        values: state.values,
        errors: state.errors,
        formError: state.formError,
        notice: state.notice,
      };
      return purpose === PAGE_PATHS.newPassword
        ? renderNewPassword({ ...model, challenge: state.challenge ?? '' })
        : RENDER[purpose](model);
    },
    {
      status: state.status ?? 200,
      formTargets: carry.pending ? [carry.pending.request.redirectUri] : [],
      cookies: [csrf.setCookie, ...(state.cookies ?? [])],
      headers: state.headers,
    },
  );
}

/**
 * A sign-in passed: a session starts, and the app that was waiting gets its code. Without a
 * waiting app the person sees that they are signed in.
 */
export async function finishSignIn(ctx: PageContext, user: PoolUserRow, carry: Carried): Promise<void> {
  const started = await ctx.deps.gatehouse.poolSessions.start(ctx.pool, user.sub, ctx.origin);
  const cookie = sessionCookie(ctx, started.cookieValue, started.maxAgeSeconds);
  if (carry.pending) {
    await redirectWithCode(ctx, carry.pending.request, started.session, [cookie]);
    return;
  }
  sendPage(
    ctx,
    (nonce) => renderSignedIn({ nonce, pool: ctx.page, basePath: ctx.basePath, username: user.username }),
    {
      cookies: [cookie],
    },
  );
}

/** The sign-in name as the pages post it (always `username`, an email where the pool signs in with one). */
export function usernameOf(params: RawParams): string | undefined {
  return field(params, 'username', 256)?.trim();
}

/** Field errors from a service's validation issues, by the form's field names. */
export function fieldErrors(issues: readonly { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const name = issue.path.startsWith('attributes.')
      ? issue.path.slice('attributes.'.length)
      : issue.path || 'form';
    errors[name] ??= `${label(name)} ${issue.message}.`;
  }
  return errors;
}

function label(name: string): string {
  if (name === 'form' || name === 'attributes') return 'The form:';
  const text = name.replace(/^custom:/, '').replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

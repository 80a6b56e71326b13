// What every hosted page needs to render. The pool part is a subset of UserPoolView, so a
// route can pass the pool's view as it is.

/** A pool's branding as stored; the layout validates each part again before using it. */
export interface PageBranding {
  displayName?: string | undefined;
  logoUrl?: string | undefined;
  primaryColor?: string | undefined;
}

export interface PagePool {
  id: string;
  name: string;
  settings: {
    selfSignUp: boolean;
    signInWith: 'username' | 'email';
    requiredAttributes: readonly string[];
    passwordPolicy: { minLength: number };
    branding?: PageBranding | undefined;
  };
}

/** Every page: the CSP nonce of this response and the pool it belongs to. */
export interface PageModel {
  nonce: string;
  pool: PagePool;
  /** Where the pool's pages are mounted; `/pools/<pool id>` when absent. */
  basePath?: string | undefined;
  /** The page's language, for `<html lang>`; `en` when absent. */
  lang?: string | undefined;
}

/**
 * A page with a form. `values` refill what the person typed; password fields never read it.
 * `errors` are per field (by field name); `formError` is about the whole form (e.g. one message
 * for an unknown user and a wrong password); `notice` is news that is not an error.
 */
export interface FormPageModel extends PageModel {
  csrfToken: string;
  /** The opaque, signed handle of the pending authorization request, carried from page to page. */
  pending?: string | undefined;
  values?: Readonly<Record<string, string | undefined>> | undefined;
  errors?: Readonly<Record<string, string | undefined>> | undefined;
  formError?: string | undefined;
  notice?: string | undefined;
}

/** The path of each page under a pool's base path, and the CSRF purpose of its form. */
export const PAGE_PATHS = {
  signIn: 'login',
  signUp: 'signup',
  confirm: 'confirm',
  forgotPassword: 'forgot-password',
  resetPassword: 'reset-password',
  newPassword: 'new-password',
} as const;

export type PagePurpose = (typeof PAGE_PATHS)[keyof typeof PAGE_PATHS];

export function basePath(model: PageModel): string {
  return model.basePath ?? `/pools/${encodeURIComponent(model.pool.id)}`;
}

/** The URL of a pool page, carrying the pending authorization request when there is one. */
export function pageUrl(model: PageModel & { pending?: string | undefined }, page: PagePurpose): string {
  const url = `${basePath(model)}/${page}`;
  return model.pending ? `${url}?pending=${encodeURIComponent(model.pending)}` : url;
}

import { MethodNotAllowed } from '../http/errors.js';
import type { Router } from '../http/router.js';
import { authorize } from './authorize-endpoint.js';
import { cognitoLogout, endSession } from './logout-endpoints.js';
import type { PoolPageDeps } from './page-context.js';
import { poolPage } from './page-errors.js';
import { PAGE_PATHS } from './pages/index.js';
import {
  forgotPassword,
  resetPassword,
  showForgotPassword,
  showResetPassword,
} from './password-reset-pages.js';
import { POOL_PATHS } from './pool-discovery.js';
import { newPassword, showNewPassword, showSignIn, signIn } from './sign-in-pages.js';
import { confirm, showConfirm, showSignUp, signUp } from './sign-up-pages.js';

export type { PoolPageDeps } from './page-context.js';

const BASE = '/pools/:poolId';

/**
 * The person-facing side of every pool: the authorization endpoint, the hosted pages (GET
 * shows, POST acts) and both logout forms. The token side is mounted apart (protocol-routes.ts).
 */
export function mountPoolPages(router: Router, deps: PoolPageDeps): void {
  const on = (methods: readonly string[], path: string, handler: Parameters<typeof poolPage>[1]) => {
    const route = poolPage(deps, handler);
    for (const method of methods) router.on(method, BASE + path, route);
  };
  // These GETs change state (a code, a session ended): HEAD must not do the same unseen.
  for (const [path, allowed] of [
    [POOL_PATHS.authorize, ['GET', 'POST']],
    [POOL_PATHS.endSession, ['GET', 'POST']],
    [POOL_PATHS.cognitoLogout, ['GET']],
  ] as const) {
    router.on('HEAD', BASE + path, () => {
      throw new MethodNotAllowed(allowed);
    });
  }
  on(['GET', 'POST'], POOL_PATHS.authorize, authorize);
  on(['GET', 'POST'], POOL_PATHS.endSession, endSession);
  on(['GET'], POOL_PATHS.cognitoLogout, cognitoLogout);
  on(['GET'], `/${PAGE_PATHS.signIn}`, showSignIn);
  on(['POST'], `/${PAGE_PATHS.signIn}`, signIn);
  on(['GET'], `/${PAGE_PATHS.newPassword}`, showNewPassword);
  on(['POST'], `/${PAGE_PATHS.newPassword}`, newPassword);
  on(['GET'], `/${PAGE_PATHS.signUp}`, showSignUp);
  on(['POST'], `/${PAGE_PATHS.signUp}`, signUp);
  on(['GET'], `/${PAGE_PATHS.confirm}`, showConfirm);
  on(['POST'], `/${PAGE_PATHS.confirm}`, confirm);
  on(['GET'], `/${PAGE_PATHS.forgotPassword}`, showForgotPassword);
  on(['POST'], `/${PAGE_PATHS.forgotPassword}`, forgotPassword);
  on(['GET'], `/${PAGE_PATHS.resetPassword}`, showResetPassword);
  on(['POST'], `/${PAGE_PATHS.resetPassword}`, resetPassword);
}

import type { PoolUserRow } from '../store/repos/pool-users.js';
import type { PageContext } from './page-context.js';
import { PageProblem } from './page-context.js';

/** The stored user behind a sign-up that was confirmed at once (pools that auto-confirm). */
export async function findForSignInUser(ctx: PageContext, sub: string): Promise<PoolUserRow> {
  const found = await ctx.deps.gatehouse.poolUsers.findForSignIn(ctx.pool.row.id, sub);
  if (!found?.user)
    throw new PageProblem(404, 'Account not found', 'The new account could not be found. Sign in.');
  return found.user;
}
